using Hms.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Hms.PatientExperience;

/// <summary>Case lists, answered from the read model on any silo; the tenant comes from the caller.</summary>
[StatelessWorker]
public sealed class PxCaseQueryGrain(IPxCaseReader cases, [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IPxCaseQueryGrain
{
    public Task<Page<PxCaseView>> List(PxCaseFilter filter, Caller caller) => cases.ListAsync(caller.TenantId, filter, clock.GetUtcNow());
}
