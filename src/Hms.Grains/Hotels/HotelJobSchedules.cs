using Hms.Common;

namespace Hms.Hotels;

/// <summary>When the hotel's jobs run by default, and the next run of a schedule after an instant, in the hotel's zone (DST days included).</summary>
public static class HotelJobSchedules
{
    /// <summary>Housekeeping at 00:00, no-show check every 2 hours from 00:00, availability at 01:00, invoices at 02:00, maintenance Mondays 00:00.</summary>
    public static IEnumerable<HotelJobSchedule> Defaults =>
    [
        new(HotelJobs.DailyHousekeeping, true, new TimeOnly(0, 0), null, null),
        new(HotelJobs.MaintenanceSchedule, true, new TimeOnly(0, 0), DayOfWeek.Monday, null),
        new(HotelJobs.CheckNoShows, true, new TimeOnly(0, 0), null, 2),
        new(HotelJobs.RecalcAvailability, true, new TimeOnly(1, 0), null, null),
        new(HotelJobs.GenerateInvoices, true, new TimeOnly(2, 0), null, null),
    ];

    /// <summary>Retries of a failed run: attempts 2, 3 and 4 after 1, 5 and 15 minutes.</summary>
    public static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    public static int MaxAttempts => Backoff.Length + 1;

    /// <summary>The first run of <paramref name="schedule"/> strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset Next(HotelJobSchedule schedule, DateTimeOffset after, TimeZoneInfo zone)
    {
        var date = ZonedTime.Today(after, zone);
        for (var day = 0; day <= 8; day++)
        {
            var on = date.AddDays(day);
            if (schedule.Weekday is { } weekday && on.DayOfWeek != weekday)
            {
                continue;
            }
            foreach (var time in TimesOfDay(schedule))
            {
                var at = ZonedTime.ToInstant(on, time, zone);
                if (at > after)
                {
                    return at;
                }
            }
        }
        throw new InvalidOperationException($"No run of {schedule.Job} within 8 days of {after:O}.");
    }

    /// <summary>The latest run due at or before <paramref name="now"/>, starting from a due one; and how many due runs it stands for.</summary>
    public static (DateTimeOffset Latest, int Due) LatestDue(HotelJobSchedule schedule, DateTimeOffset due, DateTimeOffset now, TimeZoneInfo zone)
    {
        var count = 1;
        for (var next = Next(schedule, due, zone); next <= now; next = Next(schedule, due, zone))
        {
            due = next;
            count++;
        }
        return (due, count);
    }

    private static IEnumerable<TimeOnly> TimesOfDay(HotelJobSchedule schedule)
    {
        if (schedule.EveryHours is not { } hours)
        {
            return [schedule.LocalTime];
        }
        var first = schedule.LocalTime.ToTimeSpan();
        var earliest = TimeSpan.FromHours(first.TotalHours % hours);
        return Enumerable.Range(0, 24).Select(k => earliest + TimeSpan.FromHours(k * hours)).TakeWhile(t => t < TimeSpan.FromDays(1))
            .Select(TimeOnly.FromTimeSpan);
    }
}
