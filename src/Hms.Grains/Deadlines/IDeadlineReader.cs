using System.Collections.Immutable;
using Hms.NoShow;

namespace Hms.Deadlines;

/// <summary>A pending deadline the read model knows of.</summary>
public sealed record PendingDeadline(Guid AppointmentId, string HospitalId, DateTimeOffset DueAt);

/// <summary>Port: pending deadlines and job runs from the read model, for reconcile passes and health.</summary>
/// <remarks>A null hospital id means every hospital (the operators' view).</remarks>
public interface IDeadlineReader
{
    /// <summary>Appointments with a deadline due at or before <paramref name="cutoff"/> (one hospital, or all), earliest first.</summary>
    Task<ImmutableArray<PendingDeadline>> DueAsync(string? hospitalId, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);

    /// <summary>Appointments with a pending deadline, and how many of those are due before <paramref name="overdueBefore"/>.</summary>
    Task<(int Pending, int Overdue)> CountAsync(string? hospitalId, DateTimeOffset overdueBefore, CancellationToken cancellationToken = default);

    /// <summary>The latest runs of the given jobs for the hospital (and system-wide passes), newest first.</summary>
    Task<ImmutableArray<JobRunView>> RecentRunsAsync(string? hospitalId, IReadOnlyList<string> jobs, int limit, CancellationToken cancellationToken = default);

    Task<(int Total, int Failed)> TotalsAsync(string? hospitalId, IReadOnlyList<string> jobs, CancellationToken cancellationToken = default);

    /// <summary>Failed runs since the last completed one, and when that was.</summary>
    Task<(int Failures, DateTimeOffset? LastSuccessAt)> FailureStreakAsync(string? hospitalId, IReadOnlyList<string> jobs, CancellationToken cancellationToken = default);

    Task<LatenessStats> LatenessAsync(string? hospitalId, IReadOnlyList<string> jobs, DateTimeOffset since, CancellationToken cancellationToken = default);
}
