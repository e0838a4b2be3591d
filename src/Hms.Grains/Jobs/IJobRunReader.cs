using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Jobs;

/// <summary>Port: job runs from the read model, for health and failure streaks.</summary>
/// <remarks>A null tenant means every tenant (the operators' view); a tenant's reads include passes over every tenant (<c>*</c>).</remarks>
public interface IJobRunReader
{
    /// <summary>The latest runs of the given jobs, newest first.</summary>
    Task<ImmutableArray<JobRunView>> RecentRunsAsync(string? tenantId, IReadOnlyList<JobName> jobs, int limit, CancellationToken cancellationToken = default);

    Task<(int Total, int Failed)> TotalsAsync(string? tenantId, IReadOnlyList<JobName> jobs, CancellationToken cancellationToken = default);

    /// <summary>Failed runs since the last completed one, and when that was.</summary>
    Task<(int Failures, DateTimeOffset? LastSuccessAt)> FailureStreakAsync(string? tenantId, IReadOnlyList<JobName> jobs, CancellationToken cancellationToken = default);

    Task<LatenessStats> LatenessAsync(string? tenantId, IReadOnlyList<JobName> jobs, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>One tenant's executions (its own, not the passes over every tenant), newest first.</summary>
    Task<Page<JobExecution>> ExecutionsAsync(string tenantId, JobExecutionFilter filter, Paging paging, CancellationToken cancellationToken = default);

    Task<JobExecution?> ExecutionAsync(string tenantId, Guid id, CancellationToken cancellationToken = default);

    /// <summary>One tenant's executions started since <paramref name="since"/>, counted in all and per job.</summary>
    Task<JobExecutionStats> StatsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default);
}
