using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>The alert board, answered from the read model on any silo; the tenant comes from the caller.</summary>
[StatelessWorker]
public sealed class StageAlertQueryGrain(IStageAlertReader alerts) : Grain, IStageAlertQueryGrain
{
    public Task<Page<StageAlertBoardItem>> List(StageAlertFilter filter, Caller caller) => alerts.ListAsync(caller.TenantId, filter);

    public Task<Guid?> FindAppointment(Guid alertId, Caller caller) => alerts.FindAppointmentAsync(caller.TenantId, alertId);

    public Task<ImmutableArray<StageAlertBoardItem>> ChangedSince(DateTimeOffset since, Caller caller) =>
        alerts.ChangedSinceAsync(caller.TenantId, since);
}
