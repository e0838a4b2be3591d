using Hms.Common;

namespace Hms.Appointments;

/// <summary>The NO_SHOW rules as plain functions: when it is due, who is still awaited, when a slot is released.</summary>
public static class NoShowRules
{
    /// <summary>A slot is released for rebooking only with at least this much of it left.</summary>
    public static readonly TimeSpan ReleaseBuffer = TimeSpan.FromMinutes(5);

    /// <summary>NO_SHOW deadline = slot start + the doctor's slotDuration (elapsed time, DST-proof).</summary>
    public static DateTimeOffset DueAt(DateTimeOffset slotStartsAt, int slotDurationMinutes) =>
        slotStartsAt.AddMinutes(slotDurationMinutes);

    /// <summary>Only an appointment nobody has shown up for yet can become NO_SHOW.</summary>
    public static bool StillAwaited(AppointmentStatus status) =>
        status is AppointmentStatus.SCHEDULED or AppointmentStatus.CONFIRMED;

    /// <summary>
    /// Whether a NO_SHOW frees the slot for someone else: always for a future date, today only with
    /// at least <see cref="ReleaseBuffer"/> of the slot left, never for a past slot.
    /// </summary>
    public static bool CanReleaseSlot(DateOnly date, DateTimeOffset slotEndsAt, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = ZonedTime.Today(now, zone);
        if (date > today)
        {
            return true;
        }
        return date == today && slotEndsAt - now >= ReleaseBuffer;
    }
}
