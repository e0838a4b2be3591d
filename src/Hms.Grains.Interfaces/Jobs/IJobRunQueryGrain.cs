using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Jobs;

/// <summary>The caller's tenant's job executions, from the read model on any silo.</summary>
[Alias("Hms.IJobRunQueryGrain")]
public interface IJobRunQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<Page<JobExecution>> List(JobExecutionFilter filter, Paging paging, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<JobExecution> Get(Guid id, Caller caller);

    /// <summary>Counts of the last <paramref name="days"/> days (by the cluster's clock): all, completed, failed, and per job with the average duration.</summary>
    [Alias("Stats")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<JobExecutionStats> Stats(int days, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.JobExecutionFilter")]
public sealed record class JobExecutionFilter(
    [property: Id(0)] JobName? Job,
    [property: Id(1)] JobStatus? Status,
    [property: Id(2)] DateTimeOffset? StartedFrom,
    [property: Id(3)] DateTimeOffset? StartedTo);

/// <summary>
/// One execution of a job: a deadline handled, a scheduled or triggered run, a pass. <see cref="StartedAt"/>
/// is null while it is PENDING (<see cref="DueAt"/> says when it will start); <see cref="Metadata"/> is the
/// job's result (JSON) when it reports one.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.JobExecution")]
public sealed record class JobExecution(
    [property: Id(0)] Guid Id,
    [property: Id(1)] JobName JobName,
    [property: Id(2)] string TenantId,
    [property: Id(3)] JobStatus Status,
    [property: Id(4)] RunSource Source,
    [property: Id(5)] string? SubjectId,
    [property: Id(6)] DateTimeOffset? DueAt,
    [property: Id(7)] DateTimeOffset? StartedAt,
    [property: Id(8)] DateTimeOffset? CompletedAt,
    [property: Id(9)] long DurationMs,
    [property: Id(10)] int ItemsProcessed,
    [property: Id(11)] string? Error,
    [property: Id(12)] double? LatenessMs,
    [property: Id(13)] string? Metadata,
    [property: Id(14)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("Hms.JobExecutionStats")]
public sealed record class JobExecutionStats(
    [property: Id(0)] int TotalJobs,
    [property: Id(1)] int CompletedJobs,
    [property: Id(2)] int FailedJobs,
    [property: Id(3)] ImmutableArray<JobNameStats> ByJob)
{
    /// <summary>Completed runs in percent of finished ones (0–100); 100 when nothing finished.</summary>
    public double SuccessRate => CompletedJobs + FailedJobs == 0 ? 100 : Math.Round(100.0 * CompletedJobs / (CompletedJobs + FailedJobs), 2);
}

[GenerateSerializer, Immutable, Alias("Hms.JobNameStats")]
public sealed record class JobNameStats(
    [property: Id(0)] JobName JobName,
    [property: Id(1)] int Total,
    [property: Id(2)] int Completed,
    [property: Id(3)] int Failed,
    [property: Id(4)] double? AverageDurationMs);
