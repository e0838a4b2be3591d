using Hms.Retention;

namespace Hms.Silo.Retention;

/// <summary>
/// A read-model table that holds history of a tenant: rows of <paramref name="Class"/> whose
/// <paramref name="AgeColumn"/> is older than the class's age go, when <paramref name="Condition"/> (SQL,
/// e.g. only ended runs) holds. <paramref name="GrainState"/>: the state name of a grain keyed by the
/// row's <c>id</c> whose stored state goes with the row. Each capability registers its own tables.
/// </summary>
public sealed record HistoryTable(string Class, string Table, string TenantColumn, string AgeColumn, string? Condition = null, string? GrainState = null);

public static class HistoryTables
{
    public static IServiceCollection AddHistoryTable(this IServiceCollection services, HistoryTable table) => services.AddSingleton(table);

    /// <summary>The trimmer and the core's own history (job runs, notifications); capabilities add theirs.</summary>
    public static IServiceCollection AddHistoryRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        services.AddSingleton<IHistoryTrimmer, PostgresHistoryTrimmer>();
        services.AddHistoryTable(new HistoryTable(HistoryClass.JobRuns, "job_runs", "tenant_id", "started_at", "status IN ('COMPLETED', 'FAILED')"));
        services.AddHistoryTable(new HistoryTable(HistoryClass.Notifications, "notifications", "tenant_id", "created_at",
            "delivery_status <> 'PENDING'", GrainState: "notification"));
        return services;
    }
}
