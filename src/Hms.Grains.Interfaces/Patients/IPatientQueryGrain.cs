using Hms.Common;

namespace Hms.Patients;

/// <summary>Lists of patients of a hospital, answered from the read model.</summary>
[Alias("Hms.IPatientQueryGrain")]
public interface IPatientQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<Page<PatientView>> List(PatientFilter filter, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.PatientFilter")]
public sealed record class PatientFilter(
    [property: Id(0)] PatientStatus? Status,
    [property: Id(1)] string? Search,
    [property: Id(2)] Paging Paging);
