using Hms.Common;

namespace Hms.Doctors;

/// <summary>Lists of doctors of a hospital, answered from the read model.</summary>
[Alias("Hms.IDoctorQueryGrain")]
public interface IDoctorQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    [Allows(Roles.Anyone)]
    Task<Page<DoctorSummary>> List(DoctorFilter filter, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.DoctorFilter")]
public sealed record class DoctorFilter(
    [property: Id(0)] bool? IsAvailable,
    [property: Id(1)] string? Specialization,
    [property: Id(2)] string? Search,
    [property: Id(3)] Paging Paging);

/// <summary>A doctor as lists show them (the full record, schedules and absences, is one GET away).</summary>
[GenerateSerializer, Immutable, Alias("Hms.DoctorSummary")]
public sealed record class DoctorSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] string? Specialization,
    [property: Id(4)] int SlotDurationMinutes,
    [property: Id(5)] int MaxPatientsPerDay,
    [property: Id(6)] bool IsAvailable,
    [property: Id(7)] bool IsActive);
