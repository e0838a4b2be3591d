using System.Collections.Immutable;
using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;

namespace Hms.Scheduling;

[GenerateSerializer, Alias("Hms.DoctorDayState")]
public sealed record class DoctorDayState
{
    [Id(0)] public bool Generated { get; init; }
    [Id(1)] public ImmutableArray<DaySlot> Slots { get; init; } = [];
    /// <summary>The doctor and hospital versions the slots were built from.</summary>
    [Id(2)] public long DoctorVersion { get; init; }
    [Id(3)] public long HospitalVersion { get; init; }
}

public sealed class DoctorDayGrain(
    [PersistentState("doctorDay", StoreNames.Hms)] IPersistentState<DoctorDayState> state) : Grain, IDoctorDayGrain
{
    private (Guid DoctorId, DateOnly Date) Key => DoctorDayKey.Parse(this.GetPrimaryKeyString());

    /// <summary>A read: the slots are built in memory when needed and never saved for it — reading any day, however far, stores nothing.</summary>
    public async Task<ImmutableArray<SlotView>> GetSlots()
    {
        await EnsureCurrentAsync(force: false, save: false);
        return Views();
    }

    public async Task<ImmutableArray<SlotView>> Regenerate()
    {
        await EnsureCurrentAsync(force: true, save: true);
        return Views();
    }

    public async Task<SlotView> Reserve(TimeOnly startTime, Guid appointmentId, Guid? offerId = null)
    {
        var doctor = await EnsureCurrentAsync(force: false, save: false); // a booking saves the day below
        var index = IndexOf(s => s.Start == startTime && !s.OffSchedule);
        if (index < 0)
        {
            throw Errors.BadRequest("not_a_slot",
                $"{startTime:HH\\:mm} is not the start of one of this doctor's slots on {Key.Date:yyyy-MM-dd}.");
        }
        var slot = state.State.Slots[index];
        if (slot.AppointmentId == appointmentId)
        {
            return View(slot);
        }
        if (slot.IsBooked)
        {
            throw Errors.Conflict("slot_taken", "This slot is already booked.");
        }
        if (slot.IsBlocked)
        {
            throw Errors.Conflict("slot_blocked", $"This slot is blocked ({slot.BlockedReason}).");
        }
        if (slot.HeldFor is { } heldFor && heldFor != offerId)
        {
            throw Errors.Conflict("slot_held", "This slot is offered to a waitlisted patient.");
        }
        var booked = state.State.Slots.Where(s => s.AppointmentId is { } id && id != appointmentId)
            .Select(s => s.AppointmentId).Distinct().Count();
        if (booked >= doctor.MaxPatientsPerDay)
        {
            throw Errors.Conflict("doctor_day_full",
                $"The doctor already has the maximum of {doctor.MaxPatientsPerDay} patients on {Key.Date:yyyy-MM-dd}.");
        }
        return await SetAsync(index, slot with { AppointmentId = appointmentId, HeldFor = null });
    }

    public async Task<bool> Hold(TimeOnly startTime, Guid offerId)
    {
        await EnsureCurrentAsync(force: false, save: false); // a hold saves the day below
        var index = IndexOf(s => s.Start == startTime && !s.OffSchedule);
        if (index < 0)
        {
            return false;
        }
        var slot = state.State.Slots[index];
        if (slot.HeldFor == offerId)
        {
            return true;
        }
        if (slot.IsBooked || slot.IsBlocked || slot.HeldFor is not null)
        {
            return false;
        }
        await SetAsync(index, slot with { HeldFor = offerId });
        return true;
    }

    public async Task<bool> Unhold(TimeOnly startTime, Guid offerId)
    {
        var index = IndexOf(s => s.Start == startTime && s.HeldFor == offerId);
        if (index < 0)
        {
            return false;
        }
        await SetAsync(index, state.State.Slots[index] with { HeldFor = null });
        return true;
    }

    public async Task<bool> Release(TimeOnly startTime, Guid appointmentId)
    {
        var index = IndexOf(s => s.Start == startTime && s.AppointmentId == appointmentId);
        if (index < 0)
        {
            return false;
        }
        var slot = state.State.Slots[index];
        // An off-schedule slot existed only for its appointment; a released one disappears.
        state.State = state.State with
        {
            Slots = slot.OffSchedule
                ? DaySlots.MarkOverlaps(state.State.Slots.RemoveAt(index))
                : state.State.Slots.SetItem(index, slot with { AppointmentId = null }),
        };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<SlotView> SetBlocked(TimeOnly startTime, bool blocked, string? reason, Caller caller)
    {
        var doctor = await EnsureCurrentAsync(force: false, save: false); // a block saves the day below
        if (doctor.HospitalId != caller.TenantId)
        {
            throw Errors.NotFound("doctor_not_found", "No such doctor."); // as the doctor grain answers another hospital
        }
        DoctorAccess.EnsureMayChange(doctor, caller);
        var index = IndexOf(s => s.Start == startTime && !s.OffSchedule);
        if (index < 0)
        {
            throw Errors.NotFound("slot_not_found", "No such slot.");
        }
        var slot = state.State.Slots[index];
        if (blocked && slot.IsBooked)
        {
            throw Errors.Conflict("slot_booked", "A booked slot cannot be blocked; cancel or move its appointment first.");
        }
        return await SetAsync(index, slot with { ManualBlock = blocked, ManualReason = blocked ? reason : null });
    }

    /// <summary>
    /// Builds the slots on first use, and rebuilds them when the doctor or the hospital changed
    /// since (schedule, slot duration, absences, holidays). Reads of the doctor and hospital may
    /// interleave with their own calls to this grain, so there is no deadlock. The build is
    /// deterministic (doctor, hospital and the stored bookings and blocks), so only a change of the
    /// day's own slots needs saving; a rebuild for a read stays in memory.
    /// </summary>
    private async Task<DoctorView> EnsureCurrentAsync(bool force, bool save)
    {
        var (doctorId, date) = Key;
        var doctor = await GrainFactory.GetGrain<IDoctorGrain>(doctorId).Find()
            ?? throw Errors.NotFound("doctor_not_found", "No such doctor.");
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(doctor.HospitalId).Find()
            ?? throw Errors.NotFound("hospital_not_found", "No such hospital.");
        var current = state.State;
        if (force || !current.Generated || current.DoctorVersion != doctor.Version || current.HospitalVersion != hospital.Version)
        {
            state.State = new DoctorDayState
            {
                Generated = true,
                Slots = DaySlots.Build(date, doctor, hospital, current.Slots),
                DoctorVersion = doctor.Version,
                HospitalVersion = hospital.Version,
            };
            if (save)
            {
                await state.WriteStateAsync();
            }
        }
        return doctor;
    }

    private async Task<SlotView> SetAsync(int index, DaySlot slot)
    {
        state.State = state.State with { Slots = state.State.Slots.SetItem(index, slot) };
        await state.WriteStateAsync();
        return View(slot);
    }

    private int IndexOf(Func<DaySlot, bool> match)
    {
        var slots = state.State.Slots;
        for (var i = 0; i < slots.Length; i++)
        {
            if (match(slots[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private ImmutableArray<SlotView> Views() => [.. state.State.Slots.Select(View)];

    private SlotView View(DaySlot slot)
    {
        var (doctorId, date) = Key;
        return new SlotView(SlotId.For(doctorId, date, slot.Start), doctorId, date, slot.Start, slot.End,
            slot.IsBooked, slot.IsBlocked, slot.AppointmentId, slot.BlockedReason, slot.OffSchedule, IsHeld: slot.HeldFor is not null);
    }
}
