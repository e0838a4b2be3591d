using System.Collections.Immutable;
namespace Hms.Doctors;

/// <summary>A slot's wall-clock window on its date.</summary>
public readonly record struct SlotTimes(TimeOnly Start, TimeOnly End);

/// <summary>
/// The slots of a doctor's working day: from start to break start, then from break end to end, each
/// slot <c>slotDuration</c> long, and a slot only if it ends by its session's end (09:00–17:00 with a
/// 13:00–14:00 break gives 28/21/14/9/7 slots of 15/20/30/45/60 minutes).
/// </summary>
public static class SlotGenerator
{
    public static ImmutableArray<SlotTimes> ForSchedule(WeeklySchedule schedule, int slotDurationMinutes)
    {
        if (!schedule.IsActive || slotDurationMinutes <= 0)
        {
            return [];
        }
        var slots = ImmutableArray.CreateBuilder<SlotTimes>();
        foreach (var (from, to) in Sessions(schedule))
        {
            for (var start = from; start + slotDurationMinutes <= to; start += slotDurationMinutes)
            {
                slots.Add(new SlotTimes(At(start), At(start + slotDurationMinutes)));
            }
        }
        return slots.ToImmutable();
    }

    /// <summary>The slots of a date from the doctor's schedule for that weekday; none when they do not work that day.</summary>
    public static ImmutableArray<SlotTimes> ForDate(DateOnly date, ImmutableArray<WeeklySchedule> schedules, int slotDurationMinutes)
    {
        foreach (var schedule in schedules)
        {
            if (schedule.DayOfWeek == date.DayOfWeek && schedule.IsActive)
            {
                return ForSchedule(schedule, slotDurationMinutes);
            }
        }
        return [];
    }

    /// <summary>Whether a booked window (date, start, start + duration) is still one of the doctor's slots.</summary>
    public static bool IsOnSchedule(DoctorView doctor, DateOnly date, TimeOnly start, TimeOnly end) =>
        ForDate(date, doctor.Schedules, doctor.SlotDurationMinutes).Any(t => t.Start == start && t.End == end);

    private static IEnumerable<(int From, int To)> Sessions(WeeklySchedule schedule)
    {
        var start = Minutes(schedule.StartTime);
        var end = Minutes(schedule.EndTime);
        if (schedule is { BreakStart: { } breakStart, BreakEnd: { } breakEnd })
        {
            yield return (start, Minutes(breakStart));
            yield return (Minutes(breakEnd), end);
        }
        else
        {
            yield return (start, end);
        }
    }

    private static int Minutes(TimeOnly time) => time.Hour * 60 + time.Minute;

    private static TimeOnly At(int minutes) => minutes >= 24 * 60 ? TimeOnly.MaxValue : new TimeOnly(minutes / 60, minutes % 60);
}
