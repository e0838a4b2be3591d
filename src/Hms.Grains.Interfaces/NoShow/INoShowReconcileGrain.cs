using System.Collections.Immutable;
using Hms.Common;

namespace Hms.NoShow;

/// <summary>
/// The backup pass (SPEC §1, §10): deadlines past due and still unhandled, found in the read model,
/// are handled through their appointment grains. Never the main path; run by hand or by an external
/// scheduler. Every pass is a job run.
/// </summary>
[Alias("Hms.INoShowReconcileGrain")]
public interface INoShowReconcileGrain : IGrainWithIntegerKey
{
    /// <summary>Reconciles one hospital, or every hospital when <paramref name="hospitalId"/> is null.</summary>
    [Alias("Run")]
    Task<ReconcileResult> Run(string? hospitalId, string source);
}

[GenerateSerializer, Immutable, Alias("Hms.ReconcileResult")]
public sealed record class ReconcileResult(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] int Scanned,
    [property: Id(2)] int Handled,
    [property: Id(3)] int Errors,
    [property: Id(4)] long DurationMs,
    [property: Id(5)] DateTimeOffset StartedAt);

/// <summary>Health of a hospital's deadline handling (seed 000 §8's fields and more).</summary>
[Alias("Hms.IDeadlineHealthGrain")]
public interface IDeadlineHealthGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<DeadlineHealth> Get(Caller caller);

    /// <summary>Every hospital together (for operators and the external trigger); working hours in UTC.</summary>
    [Alias("GetAll")]
    Task<DeadlineHealth> GetAll();
}

[GenerateSerializer, Immutable, Alias("Hms.JobRunView")]
public sealed record class JobRunView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string JobName,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? CompletedAt,
    [property: Id(5)] long DurationMs,
    [property: Id(6)] int ItemsProcessed,
    [property: Id(7)] string? ErrorMessage,
    [property: Id(8)] string Source,
    [property: Id(9)] string? SubjectId,
    [property: Id(10)] double? LatenessMs);

[GenerateSerializer, Immutable, Alias("Hms.LatenessStats")]
public sealed record class LatenessStats(
    [property: Id(0)] int Samples,
    [property: Id(1)] double? P50Ms,
    [property: Id(2)] double? P95Ms,
    [property: Id(3)] double? P99Ms,
    [property: Id(4)] double? MaxMs);

[GenerateSerializer, Immutable, Alias("Hms.DeadlineHealth")]
public sealed record class DeadlineHealth(
    [property: Id(0)] string JobName,
    [property: Id(1)] bool IsHealthy,
    [property: Id(2)] string HealthMessage,
    [property: Id(3)] bool IsWorkingHours,
    [property: Id(4)] DateTimeOffset? LastRunTime,
    [property: Id(5)] string? LastRunStatus,
    [property: Id(6)] int ConsecutiveFailures,
    [property: Id(7)] JobRunView? LastSuccessfulRun,
    [property: Id(8)] ImmutableArray<JobRunView> RecentRuns,
    [property: Id(9)] int TotalRuns,
    [property: Id(10)] int FailedRuns,
    [property: Id(11)] int PendingDeadlines,
    [property: Id(12)] int OverdueDeadlines,
    [property: Id(13)] LatenessStats Lateness);

/// <summary>Watches a hospital's failing deadline runs: three in a row notify every HOSPITAL_ADMIN once per streak. Key: hospital id.</summary>
[Alias("Hms.IJobFailureWatchGrain")]
public interface IJobFailureWatchGrain : IGrainWithStringKey
{
    [Alias("RunFailed")]
    Task RunFailed(string jobName, string error);
}
