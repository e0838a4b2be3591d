using Hms.Common;
using Hms.Hospitals;

namespace Hms.PatientExperience;

[GenerateSerializer, Alias("Hms.PatientExperienceState")]
public sealed record class PatientExperienceState
{
    [Id(0)] public PxSetup Setup { get; init; } = PxSetup.Empty;
}

/// <summary>
/// A hospital's patient-experience setup: departments (with the staff who hear of their cases) and
/// the SLA settings. New settings apply to SLA windows that start after them.
/// </summary>
public sealed class PatientExperienceGrain(
    [PersistentState("patientExperience", StoreNames.Hms)] IPersistentState<PatientExperienceState> state)
    : Grain, IPatientExperienceGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public Task<PxSetup> Get(Caller caller)
    {
        Own(caller);
        return Task.FromResult(state.State.Setup);
    }

    public Task<PxSetup> Find() => Task.FromResult(state.State.Setup);

    public async Task<PxDepartment> SaveDepartment(PxDepartment department, Caller caller)
    {
        Own(caller);
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(TenantId).Find()
            ?? throw Errors.NotFound("hospital_not_found", "Register the hospital before its departments.");
        var unknown = department.MemberIds.Where(id => !hospital.Staff.Any(m => m.UserId == id && m.IsActive)).ToList();
        if (unknown.Count > 0)
        {
            throw Errors.BadRequest("unknown_staff_member", $"Not active staff of the hospital: {string.Join(", ", unknown)}.");
        }
        var saved = department with { Code = department.Code.ToUpperInvariant(), MemberIds = [.. department.MemberIds.Distinct()] };
        var setup = state.State.Setup;
        var existing = setup.Department(saved.Code);
        await SaveAsync(setup with
        {
            Departments = existing is null ? setup.Departments.Add(saved) : setup.Departments.Replace(existing, saved),
        });
        return saved;
    }

    public async Task<PxSettings> SaveSettings(PxSettings settings, Caller caller)
    {
        Own(caller);
        PxCaseRules.EnsureAtRiskPercent(settings.AtRiskPercent);
        await SaveAsync(state.State.Setup with { Settings = settings });
        return settings;
    }

    private void Own(Caller caller)
    {
        if (caller.TenantId != TenantId)
        {
            throw Errors.NotFound("hospital_not_found", "No such hospital.");
        }
    }

    private async Task SaveAsync(PxSetup setup)
    {
        state.State = new PatientExperienceState { Setup = setup };
        await state.WriteStateAsync();
    }
}
