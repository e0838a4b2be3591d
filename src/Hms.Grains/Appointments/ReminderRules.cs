using System.Collections.Immutable;
using Hms.Common;
using Hms.Hospitals;

namespace Hms.Appointments;

/// <summary>
/// When an appointment's reminders are due: each offset before the slot start, moved out of the quiet
/// hours (<see cref="ReminderSettings"/>), and only those whose offset had not passed when the
/// appointment was booked or last moved — a booking made 3 hours ahead gets the 2-hour reminder, not
/// the 24-hour one. Instants in UTC, earliest first, no two alike.
/// </summary>
public static class ReminderRules
{
    public static ImmutableArray<DateTimeOffset> Plan(DateTimeOffset slotStartsAt, DateTimeOffset bookedAt, ReminderSettings settings, TimeZoneInfo zone)
    {
        var plan = new SortedSet<DateTimeOffset>();
        foreach (var offset in settings.OffsetsMinutes)
        {
            var nominal = slotStartsAt.AddMinutes(-offset);
            var at = OutsideQuietHours(nominal, slotStartsAt, settings, zone);
            if (nominal >= bookedAt && at >= bookedAt && at < slotStartsAt)
            {
                plan.Add(at);
            }
        }
        return [.. plan];
    }

    /// <summary>The reminder still to send after those handled up to <paramref name="remindedThrough"/>; null when none is left.</summary>
    public static DateTimeOffset? Next(ImmutableArray<DateTimeOffset> plan, DateTimeOffset? remindedThrough) =>
        plan.Where(at => remindedThrough is null || at > remindedThrough).Select(at => (DateTimeOffset?)at).FirstOrDefault();

    /// <summary>
    /// <paramref name="at"/>, or — inside the quiet hours — their end, unless the slot starts before
    /// that: then the minute before they began.
    /// </summary>
    public static DateTimeOffset OutsideQuietHours(DateTimeOffset at, DateTimeOffset slotStartsAt, ReminderSettings settings, TimeZoneInfo zone)
    {
        if (!settings.HasQuietHours)
        {
            return at;
        }
        var local = ZonedTime.ToLocal(at, zone);
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        var (start, end) = (settings.QuietHoursStart, settings.QuietHoursEnd);
        var wraps = start > end; // e.g. 21:00–08:00 spans midnight
        var quiet = wraps ? time >= start || time < end : time >= start && time < end;
        if (!quiet)
        {
            return at;
        }
        // The quiet period this instant is in: from its start (today, or yesterday after midnight) to its end.
        var startDate = wraps && time < end ? date.AddDays(-1) : date;
        var endDate = wraps ? startDate.AddDays(1) : startDate;
        var endsAt = ZonedTime.ToInstant(endDate, end, zone);
        return endsAt <= slotStartsAt ? endsAt : ZonedTime.ToInstant(startDate, start, zone).AddMinutes(-1);
    }
}
