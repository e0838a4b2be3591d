using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Doctors;

/// <summary>Doctor lists, answered from the read model on any silo; the tenant comes from the caller.</summary>
[StatelessWorker]
public sealed class DoctorQueryGrain(IDoctorReader doctors) : Grain, IDoctorQueryGrain
{
    public Task<Page<DoctorSummary>> List(DoctorFilter filter, Caller caller) => doctors.ListAsync(caller.TenantId, filter);
}
