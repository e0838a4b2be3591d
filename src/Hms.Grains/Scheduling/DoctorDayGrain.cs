using System.Collections.Immutable;
using Hms.Common;
using Hms.Doctors;

namespace Hms.Scheduling;

[GenerateSerializer, Immutable, Alias("Hms.DaySlot")]
public sealed record class DaySlot(
    [property: Id(0)] TimeOnly Start,
    [property: Id(1)] TimeOnly End,
    [property: Id(2)] Guid? AppointmentId,
    [property: Id(3)] bool Blocked);

[GenerateSerializer, Alias("Hms.DoctorDayState")]
public sealed record class DoctorDayState
{
    [Id(0)] public bool Generated { get; init; }
    [Id(1)] public ImmutableArray<DaySlot> Slots { get; init; } = [];
}

public sealed class DoctorDayGrain(
    [PersistentState("doctorDay", StoreNames.Hms)] IPersistentState<DoctorDayState> state) : Grain, IDoctorDayGrain
{
    private (Guid DoctorId, DateOnly Date) Key => DoctorDayKey.Parse(this.GetPrimaryKeyString());

    public async Task<ImmutableArray<SlotView>> GetSlots()
    {
        await EnsureGeneratedAsync();
        return [.. state.State.Slots.Select(View)];
    }

    public async Task<SlotView> Reserve(TimeOnly startTime, Guid appointmentId)
    {
        await EnsureGeneratedAsync();
        var slots = state.State.Slots;
        var index = IndexOf(slots, s => s.Start == startTime);
        if (index < 0)
        {
            throw Errors.BadRequest("not_a_slot", $"{startTime:HH\\:mm} is not the start of one of this doctor's slots on {Key.Date:yyyy-MM-dd}.");
        }
        var slot = slots[index];
        if (slot.AppointmentId == appointmentId)
        {
            return View(slot);
        }
        if (slot.AppointmentId is not null)
        {
            throw Errors.Conflict("slot_taken", "This slot is already booked.");
        }
        if (slot.Blocked)
        {
            throw Errors.Conflict("slot_blocked", "This slot is blocked.");
        }
        var booked = slot with { AppointmentId = appointmentId };
        state.State = state.State with { Slots = slots.SetItem(index, booked) };
        await state.WriteStateAsync();
        return View(booked);
    }

    public async Task<bool> Release(Guid appointmentId)
    {
        var slots = state.State.Slots;
        var index = IndexOf(slots, s => s.AppointmentId == appointmentId);
        if (index < 0)
        {
            return false;
        }
        state.State = state.State with { Slots = slots.SetItem(index, slots[index] with { AppointmentId = null }) };
        await state.WriteStateAsync();
        return true;
    }

    private static int IndexOf(ImmutableArray<DaySlot> slots, Func<DaySlot, bool> match)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (match(slots[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private async Task EnsureGeneratedAsync()
    {
        if (state.State.Generated)
        {
            return;
        }
        var (doctorId, date) = Key;
        var doctor = await GrainFactory.GetGrain<IDoctorGrain>(doctorId).Find()
            ?? throw Errors.NotFound("doctor_not_found", "No such doctor.");
        var slots = SlotGenerator.ForDate(date, doctor.Schedules, doctor.SlotDurationMinutes)
            .Select(t => new DaySlot(t.Start, t.End, AppointmentId: null, Blocked: false));
        state.State = new DoctorDayState { Generated = true, Slots = [.. slots] };
        await state.WriteStateAsync();
    }

    private SlotView View(DaySlot slot)
    {
        var (doctorId, date) = Key;
        return new SlotView($"{DoctorDayKey.For(doctorId, date)}/{slot.Start:HHmm}", doctorId, date, slot.Start,
            slot.End, slot.AppointmentId is not null, slot.Blocked, slot.AppointmentId);
    }
}
