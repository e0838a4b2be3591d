using Hms.ReadModel;

namespace Hms.Jobs;

/// <summary>
/// One execution of a time-driven job: a deadline handled, or a backup pass. Built only by
/// <see cref="JobRuns"/>, which also counts it on the <c>Hms</c> meter.
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
    [property: Id(12)] double? LatenessMs) : ReadModelRecord;

/// <summary>What a run is of: its job, its tenant (<c>*</c> for every tenant), what started it, the record it concerned.</summary>
public sealed record JobRunOf(JobName Job, string TenantId, RunSource Source, string? SubjectId = null);

/// <summary>The ways a job run is recorded.</summary>
public static class JobRuns
{
    /// <summary>A deadline handled: started at <paramref name="startedAt"/>, so late by that minus its instant.</summary>
    public static JobRunRow Handled(JobRunOf of, DateTimeOffset dueAt, DateTimeOffset startedAt, DateTimeOffset completedAt, int itemsProcessed)
    {
        var lateness = startedAt - dueAt;
        HmsMetrics.DeadlineHandled(of.Job, lateness);
        return Row(of, JobStatus.Completed, startedAt, completedAt, (long)(completedAt - startedAt).TotalMilliseconds, itemsProcessed,
            error: null, dueAt, lateness.TotalMilliseconds);
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

    private static JobRunRow Row(JobRunOf of, JobStatus status, DateTimeOffset startedAt, DateTimeOffset? completedAt, long durationMs,
        int itemsProcessed, string? error, DateTimeOffset? dueAt, double? latenessMs)
    {
        HmsMetrics.JobRun(of.Job, status);
        return new JobRunRow(Guid.NewGuid(), of.Job, of.TenantId, status, startedAt, completedAt, durationMs, itemsProcessed, error,
            of.Source, of.SubjectId, dueAt, latenessMs);
    }
}
