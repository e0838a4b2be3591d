using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Jobs;

namespace Hms.NoShow;

/// <summary>Port: appointments' pending deadlines as the read model knows them.</summary>
public interface IAppointmentDeadlineReader
{
    /// <summary>Appointments with a deadline due at or before <paramref name="cutoff"/> (one hospital, or all), earliest first.</summary>
    Task<ImmutableArray<DueRecord>> DueAsync(string? hospitalId, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);

    /// <summary>Appointments with a pending deadline, and how many of those are due before <paramref name="overdueBefore"/>.</summary>
    Task<(int Pending, int Overdue)> CountAsync(string? hospitalId, DateTimeOffset overdueBefore, CancellationToken cancellationToken = default);
}

/// <summary>
/// The NO_SHOW check's backup pass: appointments whose deadlines the read model says are past due and
/// still pending are poked, and each handles whatever is due (a deadline its own reminder already
/// handled is simply gone). Its failures count in the NO_SHOW check's streak.
/// </summary>
public sealed class NoShowReconcilePass(IAppointmentDeadlineReader deadlines) : IBackupPass
{
    public JobName Job => AppointmentDeadlines.Reconcile;

    public IReadOnlyList<string> RunBy => [Roles.HospitalAdmin];

    public JobFamily? Family => AppointmentDeadlines.Check;

    public Task<ImmutableArray<DueRecord>> DueAsync(string? tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        deadlines.DueAsync(tenantId, now, limit, cancellationToken);

    public Task<int> HandleAsync(IGrainFactory grains, DueRecord record, string actor, RunSource source) =>
        grains.GetGrain<IAppointmentGrain>(Guid.Parse(record.Key)).HandleDueDeadlines(source);
}
