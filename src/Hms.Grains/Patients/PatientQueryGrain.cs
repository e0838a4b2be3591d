using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Patients;

/// <summary>Patient lists, answered from the read model on any silo; the tenant comes from the caller.</summary>
[StatelessWorker]
public sealed class PatientQueryGrain(IPatientReader patients) : Grain, IPatientQueryGrain
{
    public Task<Page<PatientView>> List(PatientFilter filter, Caller caller) => patients.ListAsync(caller.TenantId, filter);
}
