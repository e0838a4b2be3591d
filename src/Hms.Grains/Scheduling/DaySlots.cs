using System.Collections.Immutable;
using Hms.Doctors;
using Hms.Hospitals;

namespace Hms.Scheduling;

/// <summary>One slot of a doctor's day as the day grain keeps it.</summary>
[GenerateSerializer, Immutable, Alias("Hms.DaySlot")]
public sealed record class DaySlot(
    [property: Id(0)] TimeOnly Start,
    [property: Id(1)] TimeOnly End,
    [property: Id(2)] Guid? AppointmentId,
    [property: Id(3)] bool ManualBlock,
    [property: Id(4)] string? ManualReason,
    [property: Id(5)] Absence? Absence,
    [property: Id(6)] bool OffSchedule,
    [property: Id(7)] bool OverlapsOffSchedule = false,
    // The waitlist offer the slot is held for, if any (IDoctorDayGrain.Hold).
    [property: Id(8)] Guid? HeldFor = null)
{
    public bool IsBooked => AppointmentId is not null;

    public bool IsBlocked => ManualBlock || Absence is not null || OverlapsOffSchedule;

    public string? BlockedReason => Absence is { } a
        ? $"Doctor absent: {a.Type}{(a.Reason is null ? "" : " — " + a.Reason)}"
        : ManualBlock ? ManualReason ?? "Blocked"
        : OverlapsOffSchedule ? "Overlaps an appointment booked on the previous schedule" : null;
}

/// <summary>
/// Builds a doctor's slots for a date: none on a holiday, the schedule's slots otherwise,
/// blocked where an active absence covers them. Rebuilding keeps what must survive a schedule
/// change: booked slots (flagged off-schedule when the new grid no longer has them), manual blocks and waitlist holds.
/// </summary>
public static class DaySlots
{
    public static ImmutableArray<DaySlot> Build(DateOnly date, DoctorView doctor, HospitalView hospital, ImmutableArray<DaySlot> existing)
    {
        var times = hospital.IsHoliday(date)
            ? []
            : SlotGenerator.ForDate(date, doctor.Schedules, doctor.SlotDurationMinutes);
        var previous = existing.ToDictionary(s => (s.Start, s.End));
        var slots = new List<DaySlot>(times.Length);
        foreach (var t in times)
        {
            previous.Remove((t.Start, t.End), out var kept);
            slots.Add(new DaySlot(t.Start, t.End, kept?.AppointmentId, kept?.ManualBlock ?? false, kept?.ManualReason,
                AbsenceOver(doctor, date, t.Start, t.End), OffSchedule: false, HeldFor: kept?.HeldFor));
        }
        // Booked slots the new grid lost stay, so their appointments still own them until moved or cancelled.
        slots.AddRange(previous.Values.Where(s => s.IsBooked).Select(s =>
            s with { OffSchedule = true, Absence = AbsenceOver(doctor, date, s.Start, s.End) }));
        return MarkOverlaps([.. slots.OrderBy(s => s.Start)]);
    }

    /// <summary>
    /// A free slot that overlaps an off-schedule booking cannot be booked: the doctor's time is
    /// already taken. Recomputed whenever an off-schedule slot comes or goes.
    /// </summary>
    public static ImmutableArray<DaySlot> MarkOverlaps(ImmutableArray<DaySlot> slots)
    {
        var taken = slots.Where(s => s.OffSchedule).ToList();
        return [.. slots.Select(s => s.OffSchedule ? s : s with
        {
            OverlapsOffSchedule = !s.IsBooked && taken.Any(t => s.Start < t.End && t.Start < s.End),
        })];
    }

    private static Absence? AbsenceOver(DoctorView doctor, DateOnly date, TimeOnly start, TimeOnly end) =>
        doctor.ActiveAbsences.FirstOrDefault(a => a.Covers(date, start, end));
}
