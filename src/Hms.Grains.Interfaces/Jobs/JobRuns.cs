using Hms.Common;
using System.Collections.Immutable;

namespace Hms.Jobs;

/// <summary>A job run as health reports and run lists show it.</summary>
[GenerateSerializer, Immutable, Alias("Hms.JobRunView")]
public sealed record class JobRunView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] JobName JobName,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? CompletedAt,
    [property: Id(5)] long DurationMs,
    [property: Id(6)] int ItemsProcessed,
    [property: Id(7)] string? ErrorMessage,
    [property: Id(8)] RunSource Source,
    [property: Id(9)] string? SubjectId,
    [property: Id(10)] double? LatenessMs);

/// <summary>How late deadlines were handled (handled-at minus due-at), in milliseconds.</summary>
[GenerateSerializer, Immutable, Alias("Hms.LatenessStats")]
public sealed record class LatenessStats(
    [property: Id(0)] int Samples,
    [property: Id(1)] double? P50Ms,
    [property: Id(2)] double? P95Ms,
    [property: Id(3)] double? P99Ms,
    [property: Id(4)] double? MaxMs);

/// <summary>
/// Jobs whose health is read together, under one name (e.g. the NO_SHOW check: an appointment's
/// deadlines and their backup pass). <see cref="FailureThreshold"/> consecutive failed runs of a family's
/// jobs make it unhealthy and tell the tenant's admins, once per streak.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.JobFamily")]
public sealed record class JobFamily(
    [property: Id(0)] string Name,
    // How messages name the family, e.g. "the NO_SHOW check".
    [property: Id(1)] string Title,
    [property: Id(2)] ImmutableArray<JobName> Jobs)
{
    public const int FailureThreshold = 3;
}

/// <summary>
/// A backup pass: the read model names the records of one capability whose deadline is past and
/// still pending, and each record's grain decides (a deadline its own reminder already handled is
/// simply gone). Never the main path; run by a person, an external scheduler or a cron route. Key:
/// the pass's name (e.g. <c>no-show-reconcile</c>).
/// </summary>
[Alias("Hms.IBackupPassGrain")]
public interface IBackupPassGrain : IGrainWithStringKey
{
    /// <summary>
    /// The caller's tenant's records; every tenant's when the system runs it for
    /// <see cref="Caller.EveryTenant"/>. Each pass names the roles that may run it by hand.
    /// </summary>
    [Alias("Run")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor)]
    Task<BackupPassResult> Run(Caller caller, RunSource source);
}

/// <summary>What a pass found (scanned), handled, and the records whose grain failed.</summary>
[GenerateSerializer, Immutable, Alias("Hms.BackupPassResult")]
public sealed record class BackupPassResult(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] int Scanned,
    [property: Id(2)] int Handled,
    [property: Id(3)] ImmutableArray<string> Errors,
    [property: Id(4)] long DurationMs,
    [property: Id(5)] DateTimeOffset StartedAt);
