namespace Hms.Common;

/// <summary>
/// How deadlines and outboxes retry (configuration section <c>Deadlines</c>). The reminder period is
/// the retry and catch-up interval: after an outage the next tick handles whatever fell due meanwhile,
/// and an outbox that could not be flushed is tried again at the same pace.
/// </summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>Reminder period: 1 minute in production; tests lower it with the Orleans minimum.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long past its instant a pending deadline may be before health calls it overdue.</summary>
    public TimeSpan OverdueGrace { get; set; } = TimeSpan.FromMinutes(2);
}
