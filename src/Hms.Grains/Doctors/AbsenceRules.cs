using Hms.Common;

namespace Hms.Doctors;

/// <summary>What makes an absence valid (end on or after start, not before today, a partial day with its hours) and what it touches.</summary>
public static class AbsenceRules
{
    public static void EnsureValid(NewAbsence absence, DateOnly today, bool startMayBePast = false)
    {
        if (absence.EndDate < absence.StartDate)
        {
            throw Errors.BadRequest("invalid_absence_dates", "endDate must be on or after startDate.");
        }
        if (absence.StartDate < today && !startMayBePast)
        {
            throw Errors.BadRequest("absence_in_past", "An absence cannot start before today.");
        }
        if (!absence.IsFullDay && (absence.StartTime is not { } from || absence.EndTime is not { } to || from >= to))
        {
            throw Errors.BadRequest("invalid_absence_times", "A partial-day absence needs startTime before endTime.");
        }
    }

    /// <summary>Whether two absences take away any common minute.</summary>
    public static bool Overlap(Absence a, NewAbsence b)
    {
        if (a.EndDate < b.StartDate || b.EndDate < a.StartDate)
        {
            return false;
        }
        if (a.IsFullDay || b.IsFullDay)
        {
            return true;
        }
        return a.StartTime < b.EndTime && b.StartTime < a.EndTime;
    }

    public static bool Touches(Absence absence, Booking booking) => absence.Covers(booking.Date, booking.StartTime, booking.EndTime);
}
