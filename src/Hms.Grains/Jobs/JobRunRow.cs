using Hms.ReadModel;

namespace Hms.Jobs;

/// <summary>
/// One execution of a time-driven job: a deadline handled, a scheduled or triggered run, or a backup
/// pass. Built only by <see cref="JobRuns"/>, which also counts it on the <c>Hms</c> meter. A PENDING
/// run's <see cref="StartedAt"/> is when it is due to start; <see cref="Metadata"/> is the job's result (JSON).
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.JobRunRow")]
public sealed record class JobRunRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] JobName JobName,
    [property: Id(2)] string TenantId,
    [property: Id(3)] JobStatus Status,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? CompletedAt,
    [property: Id(6)] long DurationMs,
    [property: Id(7)] int ItemsProcessed,
    [property: Id(8)] string? ErrorMessage,
    [property: Id(9)] RunSource Source,
    [property: Id(10)] string? SubjectId,
    [property: Id(11)] DateTimeOffset? DueAt,
    [property: Id(12)] double? LatenessMs,
    [property: Id(13)] string? Metadata = null) : ReadModelRecord;

/// <summary>What a run is of: its job, its tenant (<c>*</c> for every tenant), what started it, the record it concerned.</summary>
public sealed record JobRunOf(JobName Job, string TenantId, RunSource Source, string? SubjectId = null);

/// <summary>The ways a job run is recorded.</summary>
public static class JobRuns
{
    /// <summary>A deadline handled: started at <paramref name="startedAt"/>, so late by that minus its instant.</summary>
    public static JobRunRow Handled(JobRunOf of, DateTimeOffset dueAt, DateTimeOffset startedAt, DateTimeOffset completedAt, int itemsProcessed,
        string? metadata = null)
    {
        var lateness = startedAt - dueAt;
        HmsMetrics.DeadlineHandled(of.Job, lateness);
        return Row(of, JobStatus.Completed, startedAt, completedAt, (long)(completedAt - startedAt).TotalMilliseconds, itemsProcessed,
            error: null, dueAt, lateness.TotalMilliseconds, metadata);
    }

    /// <summary>A deadline whose handling threw; its reminder retries it.</summary>
    public static JobRunRow Failed(JobRunOf of, DateTimeOffset? dueAt, DateTimeOffset at, string error)
    {
        HmsMetrics.DeadlineFailed(of.Job);
        return Row(of, JobStatus.Failed, at, at, 0, 0, error, dueAt, latenessMs: null);
    }

    /// <summary>A pass over many records: failed when any of them failed (the first errors kept).</summary>
    public static JobRunRow Pass(JobRunOf of, DateTimeOffset startedAt, DateTimeOffset completedAt, long durationMs, int itemsProcessed,
        IReadOnlyList<string> errors) =>
        Row(of, errors.Count == 0 ? JobStatus.Completed : JobStatus.Failed, startedAt, completedAt, durationMs, itemsProcessed,
            errors.Count == 0 ? null : string.Join("; ", errors.Take(5)), dueAt: null, latenessMs: null);

    /// <summary>A run scheduled for <paramref name="dueAt"/> (a retry waiting its turn); written again under the same id when it runs.</summary>
    public static JobRunRow Pending(JobRunOf of, Guid id, DateTimeOffset dueAt) =>
        new(id, of.Job, of.TenantId, JobStatus.Pending, dueAt, null, 0, 0, null, of.Source, of.SubjectId, dueAt, null);

    /// <summary>A run that has started; written again under the same id when it ends (<see cref="Ended"/>).</summary>
    public static JobRunRow Running(JobRunOf of, Guid id, DateTimeOffset startedAt, DateTimeOffset? dueAt) =>
        new(id, of.Job, of.TenantId, JobStatus.Running, startedAt, null, 0, 0, null, of.Source, of.SubjectId, dueAt,
            dueAt is { } due ? (startedAt - due).TotalMilliseconds : null);

    /// <summary>A run that ended: COMPLETED, or FAILED with <paramref name="error"/>; <paramref name="metadata"/> is its result (JSON).</summary>
    public static JobRunRow Ended(JobRunOf of, Guid id, DateTimeOffset? dueAt, DateTimeOffset startedAt, DateTimeOffset completedAt,
        int itemsProcessed, string? error, string? metadata)
    {
        var lateness = dueAt is { } due ? startedAt - due : (TimeSpan?)null;
        if (error is null && lateness is { } late && of.Source == RunSource.Reminder)
        {
            HmsMetrics.DeadlineHandled(of.Job, late);
        }
        var status = error is null ? JobStatus.Completed : JobStatus.Failed;
        HmsMetrics.JobRun(of.Job, status);
        return new JobRunRow(id, of.Job, of.TenantId, status, startedAt, completedAt, (long)(completedAt - startedAt).TotalMilliseconds,
            itemsProcessed, error, of.Source, of.SubjectId, dueAt, lateness?.TotalMilliseconds, metadata);
    }

    private static JobRunRow Row(JobRunOf of, JobStatus status, DateTimeOffset startedAt, DateTimeOffset? completedAt, long durationMs,
        int itemsProcessed, string? error, DateTimeOffset? dueAt, double? latenessMs, string? metadata = null)
    {
        HmsMetrics.JobRun(of.Job, status);
        return new JobRunRow(Guid.NewGuid(), of.Job, of.TenantId, status, startedAt, completedAt, durationMs, itemsProcessed, error,
            of.Source, of.SubjectId, dueAt, latenessMs, metadata);
    }
}
