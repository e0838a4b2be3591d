using Hms.Common;
using Hms.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hms.Hospitals;

[GenerateSerializer, Alias("Hms.HospitalState")]
public sealed record class HospitalState
{
    [Id(0)] public HospitalView? Hospital { get; init; }
}

public sealed class HospitalGrain(
    [PersistentState("hospital", StoreNames.Hms)] IPersistentState<HospitalState> state,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    ILogger<HospitalGrain> logger) : Grain, IHospitalGrain
{
    /// <summary>A registered hospital keeps its history trimmed (hospitals registered before retention existed start it here).</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Hospital is { } hospital)
        {
            await HistoryRetention.KeepAsync(GrainFactory, hospital.Id, hospital.TimeZone, logger);
        }
    }

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
        var hospital = await SaveAsync(new HospitalView(id, command.Name.Trim(), command.TimeZone, settings, clock.GetUtcNow(), [], Version: 1, Staff: []));
        await HistoryRetention.KeepAsync(GrainFactory, id, hospital.TimeZone, logger);
        return hospital;
    }

    public Task<HospitalView> Get(Caller caller) => Task.FromResult(Own(caller));

    public Task<HospitalView?> Find() => Task.FromResult(state.State.Hospital);

    public async Task<HospitalView> Update(UpdateHospital command, Caller caller)
    {
        var hospital = Own(caller);
        var settings = command.Settings ?? hospital.Settings;
        HospitalRules.EnsureValid(settings);
        return await SaveAsync(hospital with
        {
            Name = string.IsNullOrWhiteSpace(command.Name) ? hospital.Name : command.Name.Trim(),
            Settings = settings,
            Version = hospital.Version + 1,
        });
    }

    public async Task<Holiday> AddHoliday(AddHoliday command, Caller caller)
    {
        var hospital = Own(caller);
        var holiday = new Holiday(Guid.NewGuid(), command.Name.Trim(), command.Date, command.IsRecurring, IsActive: true, command.Description);
        if (hospital.Holidays.Any(h => h.IsActive && h.IsRecurring == holiday.IsRecurring &&
            (holiday.IsRecurring ? h.Covers(holiday.Date) : h.Date == holiday.Date)))
        {
            throw Errors.Conflict("holiday_exists", $"A holiday on {command.Date:yyyy-MM-dd} already exists.");
        }
        await SaveAsync(hospital with { Holidays = hospital.Holidays.Add(holiday), Version = hospital.Version + 1 });
        return holiday;
    }

    public async Task<Holiday> RemoveHoliday(Guid holidayId, Caller caller)
    {
        var hospital = Own(caller);
        var holiday = hospital.Holidays.FirstOrDefault(h => h.Id == holidayId)
            ?? throw Errors.NotFound("holiday_not_found", "No such holiday.");
        if (!holiday.IsActive)
        {
            return holiday;
        }
        var removed = holiday with { IsActive = false };
        await SaveAsync(hospital with { Holidays = hospital.Holidays.Replace(holiday, removed), Version = hospital.Version + 1 });
        return removed;
    }

    public async Task<StaffMember> SaveStaff(StaffMember member, Caller caller)
    {
        var hospital = Own(caller);
        if (member.Roles.IsDefaultOrEmpty || member.Roles.Any(r => !Roles.All.Contains(r)))
        {
            throw Errors.BadRequest("invalid_roles", $"roles must be one or more of {string.Join(", ", Roles.All)}.");
        }
        var existing = hospital.Staff.FirstOrDefault(m => m.UserId == member.UserId);
        // Staff do not shape slots, so the version (which makes doctor-days rebuild) stays as it is.
        await SaveAsync(hospital with { Staff = existing is null ? hospital.Staff.Add(member) : hospital.Staff.Replace(existing, member) });
        return member;
    }

    private HospitalView Own(Caller caller) =>
        state.State.Hospital is { } hospital && hospital.Id == caller.TenantId
            ? hospital
            : throw Errors.NotFound("hospital_not_found", "No such hospital.");

    private async Task<HospitalView> SaveAsync(HospitalView hospital)
    {
        state.State = new HospitalState { Hospital = hospital };
        await state.WriteStateAsync();
        return hospital;
    }
}
