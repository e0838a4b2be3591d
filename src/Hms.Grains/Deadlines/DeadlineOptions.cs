namespace Hms.Deadlines;

/// <summary>
/// How deadline reminders behave (ARCHITECTURE §5.4). The period is the retry and catch-up
/// interval: after an outage the next tick handles whatever fell due meanwhile.
/// </summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>Reminder period: 1 minute in production; tests lower it with the Orleans minimum.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long past its instant a pending deadline may be before health calls it overdue.</summary>
    public TimeSpan OverdueGrace { get; set; } = TimeSpan.FromMinutes(2);
}
