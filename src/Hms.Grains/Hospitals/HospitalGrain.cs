using Hms.Common;

namespace Hms.Hospitals;

[GenerateSerializer, Alias("Hms.HospitalState")]
public sealed record class HospitalState
{
    [Id(0)] public HospitalView? Hospital { get; init; }
}

public sealed class HospitalGrain(
    [PersistentState("hospital", StoreNames.Hms)] IPersistentState<HospitalState> state,
    TimeProvider clock) : Grain, IHospitalGrain
{
    public async Task<HospitalView> Register(RegisterHospital command, Caller caller)
    {
        var id = this.GetPrimaryKeyString();
        if (caller.TenantId != id)
        {
            throw Errors.Forbidden("tenant_mismatch", "A hospital can only be registered by its own tenant.");
        }
        if (state.State.Hospital is not null)
        {
            throw Errors.Conflict("hospital_exists", $"Hospital '{id}' is already registered.");
        }
        if (ZonedTime.FindIana(command.TimeZone) is null)
        {
            throw Errors.BadRequest("invalid_time_zone", $"'{command.TimeZone}' is not an IANA time zone.");
        }
        var settings = command.Settings ?? HospitalSettings.Default;
        HospitalRules.EnsureValid(settings);

        var hospital = new HospitalView(id, command.Name.Trim(), command.TimeZone, settings, clock.GetUtcNow());
        state.State = new HospitalState { Hospital = hospital };
        await state.WriteStateAsync();
        return hospital;
    }

    public Task<HospitalView> Get(Caller caller) =>
        state.State.Hospital is { } hospital && hospital.Id == caller.TenantId
            ? Task.FromResult(hospital)
            : throw Errors.NotFound("hospital_not_found", "No such hospital.");

    public Task<HospitalView?> Find() => Task.FromResult(state.State.Hospital);
}
