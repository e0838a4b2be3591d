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

    /// <summary>
    /// Whether an active deadline grain also wakes itself with a grain timer at its deadline, rather than
    /// only on the reminder's tick (src/Hms.Grains/Deadlines/DeadlineGrain.cs). On by default; tests that
    /// prove the reminder path alone turn it off.
    /// </summary>
    public bool WakeActiveGrains { get; set; } = true;

    /// <summary>How long past its instant a pending deadline may be before health calls it overdue.</summary>
    public TimeSpan OverdueGrace { get; set; } = TimeSpan.FromMinutes(2);
}
