using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.PatientExperience;

/// <summary>
/// A hospital's patient-experience setup: the departments cases are assigned to, with the staff
/// members who hear of their escalations, and the SLA settings. Keyed by the tenant id.
/// </summary>
[Alias("Hms.IPatientExperienceGrain")]
public interface IPatientExperienceGrain : IGrainWithStringKey
{
    [Alias("Get")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor, Roles.Manager, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<PxSetup> Get(Caller caller);

    /// <summary>Adds or changes a department; members must be staff of the hospital.</summary>
    [Alias("SaveDepartment")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor)]
    Task<PxDepartment> SaveDepartment(PxDepartment department, Caller caller);

    [Alias("SaveSettings")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor)]
    Task<PxSettings> SaveSettings(PxSettings settings, Caller caller);

    /// <summary>For case grains: the setup as it is now.</summary>
    [Alias("Find"), AlwaysInterleave]
    Task<PxSetup> Find();
}

[GenerateSerializer, Immutable, Alias("Hms.PxDepartment")]
public sealed record class PxDepartment(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    // Staff user ids (token subjects) told of the department's escalations and at-risk cases.
    [property: Id(2)] ImmutableArray<string> MemberIds,
    [property: Id(3)] bool IsActive = true);

/// <summary>SLA settings; the defaults are the product's.</summary>
[GenerateSerializer, Immutable, Alias("Hms.PxSettings")]
public sealed record class PxSettings(
    // The share of a case's SLA window, in percent, after which it is at risk (a warning goes out).
    [property: Id(0)] int AtRiskPercent = 80)
{
    public static PxSettings Default { get; } = new();
}

[GenerateSerializer, Immutable, Alias("Hms.PxSetup")]
public sealed record class PxSetup(
    [property: Id(0)] ImmutableArray<PxDepartment> Departments,
    [property: Id(1)] PxSettings Settings)
{
    public static PxSetup Empty { get; } = new([], PxSettings.Default);

    public PxDepartment? Department(string code) => Departments.FirstOrDefault(d => d.Code == code);
}
