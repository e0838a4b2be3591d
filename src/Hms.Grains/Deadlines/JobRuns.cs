using Hms.ReadModel;

namespace Hms.Deadlines;

/// <summary>Names and sources of job runs (SPEC §10), and the record of one deadline handled.</summary>
public static class JobRuns
{
    public const string NoShowDeadline = "NO_SHOW_DEADLINE";

    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    /// <summary>Where a run came from: its own reminder, a person, an external scheduler, or a cron route.</summary>
    public static class Sources
    {
        public const string Reminder = "reminder";
        public const string Manual = "manual";
        public const string External = "external";
        public const string Cron = "cron";
    }

    public static JobRunRow DeadlineHandled(
        string jobName, string tenantId, string source, string subjectId,
        DateTimeOffset dueAt, DateTimeOffset startedAt, DateTimeOffset completedAt, int itemsProcessed)
    {
        var lateness = startedAt - dueAt;
        HmsMetrics.DeadlineHandled(jobName, lateness);
        HmsMetrics.JobRun(jobName, Completed);
        return new JobRunRow(Guid.NewGuid(), jobName, tenantId, Completed, startedAt, completedAt,
            (long)(completedAt - startedAt).TotalMilliseconds, itemsProcessed, null, source, subjectId, dueAt,
            lateness.TotalMilliseconds);
    }
}
