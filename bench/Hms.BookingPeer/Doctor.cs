namespace Hms.BookingPeer;

/// <summary>
/// What the booking read about the doctor, the hospital and the weekday's schedule; <see cref="Refuses"/>
/// applies rules 5–12 of src/Hms.Grains/Appointments/BookingCheck.cs to it.
/// </summary>
public sealed record Doctor(int SlotDuration, int MaxPatientsPerDay, bool IsAvailable, bool IsActive,
    string TimeZone, int HorizonDays, TimeOnly? ScheduleStart, TimeOnly? ScheduleEnd, TimeOnly? BreakStart, TimeOnly? BreakEnd,
    bool Holiday, bool Absent)
{
    /// <summary>The first rule the slot breaks, or null; <paramref name="now"/> is the hospital's wall clock.</summary>
    public Outcome? Refuses(DateOnly date, TimeOnly start, TimeOnly end, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        if (!IsAvailable)
        {
            return new(400, "doctor_unavailable");
        }
        if (!IsActive)
        {
            return new(400, "doctor_inactive");
        }
        // A slot of today that has already ended counts as past (its NO_SHOW would be due already).
        if (date < today || (date == today && end <= TimeOnly.FromDateTime(now)))
        {
            return new(400, "date_in_past");
        }
        if (date > today.AddDays(HorizonDays))
        {
            return new(400, "date_too_far");
        }
        if (Holiday)
        {
            return new(400, "hospital_holiday");
        }
        if (Absent)
        {
            return new(400, "doctor_absent");
        }
        if (ScheduleStart is not { } from || ScheduleEnd is not { } to || start < from || end > to || end < start)
        {
            return new(400, "outside_schedule");
        }
        if (BreakStart is { } breakStart && BreakEnd is { } breakEnd && start < breakEnd && breakStart < end)
        {
            return new(400, "during_break");
        }
        // Slots are laid from the start of the day, and again from the end of the break.
        var anchor = BreakEnd is { } resume && start >= resume ? resume : from;
        return (int)(start - anchor).TotalMinutes % SlotDuration == 0 ? null : new(400, "not_a_slot");
    }
}
