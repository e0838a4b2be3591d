using Microsoft.Extensions.DependencyInjection;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>The alert board, answered from the read model on any silo; the tenant comes from the caller.</summary>
[StatelessWorker]
public sealed class StageAlertQueryGrain(IStageAlertReader alerts, [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IStageAlertQueryGrain
{
    public Task<Page<StageAlertBoardItem>> List(StageAlertFilter filter, Caller caller) => alerts.ListAsync(caller.TenantId, filter);

    public Task<Guid?> FindAppointment(Guid alertId, Caller caller) => alerts.FindAppointmentAsync(caller.TenantId, alertId);

    public async Task<StageAlertChanges> ChangedSince(DateTimeOffset? since, Caller caller)
    {
        if (since is not { } from)
        {
            return new StageAlertChanges([], clock.GetUtcNow());
        }
        var items = await alerts.ChangedSinceAsync(caller.TenantId, from);
        return new StageAlertChanges(items, items.IsEmpty ? from : items.Max(i => i.UpdatedAt));
    }
}
