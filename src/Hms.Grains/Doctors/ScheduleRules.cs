using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Doctors;

/// <summary>What makes a doctor's settings and weekly schedule valid.</summary>
public static class ScheduleRules
{
    public static void EnsureValidSlotDuration(int minutes)
    {
        if (minutes is < DoctorLimits.MinSlotDurationMinutes or > DoctorLimits.MaxSlotDurationMinutes)
        {
            throw Errors.BadRequest("invalid_slot_duration",
                $"slotDuration must be between {DoctorLimits.MinSlotDurationMinutes} and {DoctorLimits.MaxSlotDurationMinutes} minutes.");
        }
    }

    public static void EnsureValidMaxPatients(int maxPatientsPerDay)
    {
        if (maxPatientsPerDay is < 1 or > DoctorLimits.MaxPatientsPerDay)
        {
            throw Errors.BadRequest("invalid_max_patients",
                $"maxPatientsPerDay must be between 1 and {DoctorLimits.MaxPatientsPerDay}.");
        }
    }

    /// <summary>One entry per weekday; start before end; a break both-or-neither and inside the day.</summary>
    public static void EnsureValid(ImmutableArray<WeeklySchedule> schedules)
    {
        var seen = new HashSet<DayOfWeek>();
        foreach (var s in schedules)
        {
            var day = s.DayOfWeek.ToString().ToUpperInvariant();
            if (!seen.Add(s.DayOfWeek))
            {
                throw Invalid($"{day} appears more than once.");
            }
            if (s.StartTime >= s.EndTime)
            {
                throw Invalid($"{day}: startTime must be before endTime.");
            }
            if (s.BreakStart.HasValue != s.BreakEnd.HasValue)
            {
                throw Invalid($"{day}: breakStart and breakEnd go together.");
            }
            if (s is { BreakStart: { } bs, BreakEnd: { } be } && (bs >= be || bs < s.StartTime || be > s.EndTime))
            {
                throw Invalid($"{day}: the break must lie inside the working hours and start before it ends.");
            }
        }
    }

    private static DomainException Invalid(string message) => Errors.BadRequest("invalid_schedule", message);
}
