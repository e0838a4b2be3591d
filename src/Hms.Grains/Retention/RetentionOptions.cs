namespace Hms.Retention;

/// <summary>
/// How long each class of a tenant's history is kept (configuration section <c>Retention</c>, e.g.
/// <c>Retention__Days__JobRuns=30</c>; 0 keeps it forever) and the local time of the daily trim.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Local time in the tenant's zone at which its history is trimmed each day.</summary>
    public TimeOnly LocalTime { get; set; } = new(3, 0);

    /// <summary>Days kept per class (<see cref="HistoryClass"/>); a class not named is kept forever.</summary>
    public Dictionary<string, int> Days { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [HistoryClass.JobRuns] = 90,
        [HistoryClass.Notifications] = 365,
        [HistoryClass.Alerts] = 365,
        [HistoryClass.KpiRuns] = 365,
        [HistoryClass.Logs] = 730,
        [HistoryClass.Audits] = 2555,
    };

    /// <summary>The instant before which rows of <paramref name="historyClass"/> go, or null to keep them all.</summary>
    public DateTimeOffset? CutOff(string historyClass, DateTimeOffset now) =>
        Days.TryGetValue(historyClass, out var days) && days > 0 ? now.AddDays(-days) : null;
}

/// <summary>The classes of history a retention age is set for.</summary>
public static class HistoryClass
{
    /// <summary>Ended job runs (COMPLETED, FAILED): deadlines handled, passes, scheduled jobs.</summary>
    public const string JobRuns = "JobRuns";

    /// <summary>Notifications no longer pending delivery, with their delivery grain's state.</summary>
    public const string Notifications = "Notifications";

    /// <summary>Resolved alerts.</summary>
    public const string Alerts = "Alerts";

    /// <summary>KPI alert runs (reports sent, evaluations).</summary>
    public const string KpiRuns = "KpiRuns";

    /// <summary>Logs of events (NO_SHOW logs, hotel no-shows).</summary>
    public const string Logs = "Logs";

    /// <summary>Audit trails (patient-experience case audits).</summary>
    public const string Audits = "Audits";
}

/// <summary>Removes a tenant's history older than its class's age; rows removed per history table.</summary>
public interface IHistoryTrimmer
{
    Task<IReadOnlyDictionary<string, long>> TrimAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken = default);
}
