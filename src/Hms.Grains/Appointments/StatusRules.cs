using Hms.Common;

namespace Hms.Appointments;

/// <summary>
/// Appointment statuses only move forward: SCHEDULED → CONFIRMED → CHECKED_IN →
/// IN_PROGRESS → COMPLETED, steps may be skipped; CANCELLED before the consultation starts;
/// NO_SHOW while the patient is still awaited. Everything else is 409.
/// </summary>
public static class StatusRules
{
    private static int Rank(AppointmentStatus status) => status switch
    {
        AppointmentStatus.SCHEDULED => 0,
        AppointmentStatus.CONFIRMED => 1,
        AppointmentStatus.CHECKED_IN => 2,
        AppointmentStatus.IN_PROGRESS => 3,
        AppointmentStatus.COMPLETED => 4,
        _ => int.MaxValue,
    };

    public static bool IsFinished(AppointmentStatus status) =>
        status is AppointmentStatus.COMPLETED or AppointmentStatus.NO_SHOW or AppointmentStatus.CANCELLED;

    public static bool CanMove(AppointmentStatus from, AppointmentStatus to) => to switch
    {
        AppointmentStatus.CANCELLED => Rank(from) <= Rank(AppointmentStatus.CHECKED_IN),
        AppointmentStatus.NO_SHOW => NoShowRules.StillAwaited(from),
        AppointmentStatus.SCHEDULED => false,
        _ => !IsFinished(from) && Rank(to) > Rank(from),
    };

    public static void EnsureCanMove(AppointmentStatus from, AppointmentStatus to)
    {
        if (!CanMove(from, to))
        {
            throw Errors.Conflict("invalid_status_transition", $"An appointment cannot go from {from} to {to}.");
        }
    }
}
