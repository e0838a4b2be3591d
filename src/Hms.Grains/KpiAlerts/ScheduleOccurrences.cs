using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>
/// The occurrences of a <see cref="KpiSchedule"/> as UTC instants, DST-correct: a local time skipped
/// by a spring-forward change runs at the first valid instant after it, a local time that occurs
/// twice runs once (at its first occurrence). HOURLY runs every elapsed hour at the local minute, so
/// the repeated hour of a fall-back change has its own occurrence.
/// </summary>
public static class ScheduleOccurrences
{
    /// <summary>Occurrences never lie further apart than this (a monthly schedule on the 1st: 31 days).</summary>
    private const int DaysToSearch = 62;

    public static void EnsureValid(KpiSchedule s)
    {
        if (ZonedTime.FindIana(s.TimeZone) is null)
        {
            throw Errors.BadRequest("invalid_time_zone", $"'{s.TimeZone}' is not an IANA time zone.");
        }
        if (s.Minute is < 0 or > 59 || (s.Frequency != ScheduleFrequency.HOURLY && s.Hour is < 0 or > 23))
        {
            throw Errors.BadRequest("invalid_schedule_time", "hour must be 0–23 and minute 0–59.");
        }
        if (s.Frequency == ScheduleFrequency.WEEKLY && s.Weekdays.IsDefaultOrEmpty)
        {
            throw Errors.BadRequest("weekdays_required", "A WEEKLY schedule names at least one weekday.");
        }
        if (s.Frequency == ScheduleFrequency.MONTHLY && (s.DaysOfMonth.IsDefaultOrEmpty || s.DaysOfMonth.Any(d => d is < 1 or > 31)))
        {
            throw Errors.BadRequest("invalid_days_of_month", "A MONTHLY schedule names days of the month from 1 to 31.");
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset Next(KpiSchedule s, DateTimeOffset after)
    {
        var zone = ZonedTime.Zone(s.TimeZone);
        return s.Frequency == ScheduleFrequency.HOURLY ? NextHourly(s.Minute, after, zone) : NextOnDays(s, after, zone);
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(KpiSchedule s, DateTimeOffset after, int count)
    {
        var occurrences = new List<DateTimeOffset>(count);
        for (var at = after; occurrences.Count < count;)
        {
            at = Next(s, at);
            occurrences.Add(at);
        }
        return occurrences;
    }

    /// <summary>Every whole UTC minute is a whole local minute; the first one at the local minute wanted.</summary>
    private static DateTimeOffset NextHourly(int minute, DateTimeOffset after, TimeZoneInfo zone)
    {
        var utc = after.ToUniversalTime();
        var probe = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        while (ZonedTime.ToLocal(probe, zone).Minute != minute)
        {
            probe = probe.AddMinutes(1);
        }
        return probe;
    }

    /// <summary>Local dates from the day before <paramref name="after"/>'s on: the first chosen day whose time lies after it.</summary>
    private static DateTimeOffset NextOnDays(KpiSchedule s, DateTimeOffset after, TimeZoneInfo zone)
    {
        var time = new TimeOnly(s.Hour, s.Minute);
        var date = ZonedTime.Today(after, zone).AddDays(-1);
        for (var i = 0; i <= DaysToSearch; i++, date = date.AddDays(1))
        {
            if (Runs(s, date) && ZonedTime.ToInstant(date, time, zone) is var at && at > after)
            {
                return at;
            }
        }
        throw new InvalidOperationException($"No occurrence of {s} within {DaysToSearch} days.");
    }

    private static bool Runs(KpiSchedule s, DateOnly date) => s.Frequency switch
    {
        ScheduleFrequency.DAILY => s.Weekdays.IsDefaultOrEmpty || s.Weekdays.Contains(date.DayOfWeek),
        ScheduleFrequency.WEEKLY => s.Weekdays.Contains(date.DayOfWeek),
        ScheduleFrequency.MONTHLY => s.DaysOfMonth.Any(d => Math.Min(d, DateTime.DaysInMonth(date.Year, date.Month)) == date.Day),
        _ => false,
    };
}
