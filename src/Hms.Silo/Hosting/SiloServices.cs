using Hms.Common;
using Hms.Jobs;
using Hms.Notifications;
using Hms.ReadModel;
using Hms.Silo.Jobs;
using Hms.Silo.Notifications;
using Hms.Silo.ReadModel;
using Hms.Silo.Retention;
using Hms.Silo.Secrets;
using Npgsql;

namespace Hms.Silo.Hosting;

/// <summary>
/// A capability's part of the silo: the readers, read-model row upserts, ports and backup passes it
/// registers. Every implementation in this assembly is found and called at start, so a capability
/// joins by adding its own class — no file of the core changes.
/// </summary>
public interface ISiloCapability
{
    void Register(IServiceCollection services, IConfiguration configuration);
}

/// <summary>What grains need from their host, whoever hosts them: the shared core, then every capability's part.</summary>
public static class SiloServices
{
    public static IServiceCollection AddHmsGrainServices(this IServiceCollection services, IConfiguration configuration, NpgsqlDataSource database)
    {
        services.AddSingleton(database);
        services.AddKeyedSingleton(HmsClock.Key, TimeProvider.System);
        services.Configure<DeadlineOptions>(configuration.GetSection(DeadlineOptions.Section));
        services.AddSingleton<RowUpserts>();
        services.AddSingleton<IReadModelWriter, PostgresReadModelWriter>();
        services.AddSingleton<GrainServices>();
        services.AddSingleton<IIncomingGrainCallFilter, CallerCheck>();
        services.AddHmsSecrets(configuration, database);
        services.AddSingleton<IJobRunReader, PostgresJobRunReader>();
        services.AddRowUpsert<JobRunRow>(JobRunUpserts.JobRun);
        services.AddSingleton<INotificationReader, PostgresNotificationReader>();
        services.AddRowUpsert<NotificationRow>(NotificationUpserts.Notification);
        services.AddRowUpsert<NotificationDeliveryRow>(NotificationUpserts.Delivery);
        services.AddNotificationSenders(configuration);
        services.AddHistoryRetention(configuration);
        foreach (var capability in Capabilities)
        {
            capability.Register(services, configuration);
        }
        return services;
    }

    private static IEnumerable<ISiloCapability> Capabilities => typeof(SiloServices).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(ISiloCapability)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ISiloCapability)Activator.CreateInstance(t)!);
}
