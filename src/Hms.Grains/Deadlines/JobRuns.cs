using Hms.ReadModel;

namespace Hms.Deadlines;

/// <summary>Names and sources of job runs (SPEC §10), and the record of one deadline handled.</summary>
public static class JobRuns
{
    public const string NoShowDeadline = "NO_SHOW_DEADLINE";
    public const string NoVitalsDeadline = "NO_VITALS_DEADLINE";
    public const string NoDoctorDeadline = "NO_DOCTOR_DEADLINE";
    public const string WaitingDeadline = "WAITING_TOO_LONG_DEADLINE";
    public const string NoShowReconcile = "NO_SHOW_RECONCILE";
    public const string PxSlaDeadline = "PX_SLA_DEADLINE";
    public const string PxAtRiskDeadline = "PX_AT_RISK_DEADLINE";
    public const string KpiOccurrenceDeadline = "KPI_OCCURRENCE_DEADLINE";
    public const string KpiEvaluateDeadline = "KPI_EVALUATE_DEADLINE";

    /// <summary>The seed's runPxSla: a pass over overdue cases (manual or cron), a backup to their deadlines.</summary>
    public const string PxSlaRun = "PX_SLA_RUN";

    /// <summary>The name the seeds' health check reports for all of the above together.</summary>
    public const string NoShowCheck = "NO_SHOW_CHECK";

    /// <summary>Every job whose runs make up the NO_SHOW check's health.</summary>
    public static readonly string[] NoShowCheckJobs = [NoShowDeadline, NoVitalsDeadline, NoDoctorDeadline, WaitingDeadline, NoShowReconcile];

    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

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
