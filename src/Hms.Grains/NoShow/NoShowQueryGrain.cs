using Hms.Common;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>NO_SHOW reports across appointments, answered from the read model on any silo.</summary>
[StatelessWorker]
public sealed class NoShowQueryGrain(INoShowLogReader logs) : Grain, INoShowQueryGrain
{
    public Task<Page<NoShowLogView>> GetLogs(NoShowLogFilter filter, Caller caller) =>
        logs.ReadAsync(caller.TenantId, filter);
}
