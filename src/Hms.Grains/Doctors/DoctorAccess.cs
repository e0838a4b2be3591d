using Hms.Common;

namespace Hms.Doctors;

/// <summary>
/// Who changes a doctor's week — schedule, absences, blocked slots: a hospital admin (or the system)
/// any doctor's, a DOCTOR only the doctor record linked to their own user (<see cref="DoctorView.UserId"/>).
/// The roles themselves are checked before the grain runs (<see cref="AllowsAttribute"/>); this is the
/// part only the doctor's state can tell.
/// </summary>
public static class DoctorAccess
{
    public static void EnsureMayChange(DoctorView doctor, Caller caller)
    {
        if (caller.IsInAnyRole(Roles.System, Roles.HospitalAdmin)
            || (caller.IsInRole(Roles.Doctor) && doctor.UserId is { } userId && userId == caller.UserId))
        {
            return;
        }
        throw Errors.Forbidden("not_own_schedule", doctor.UserId is null
            ? "This doctor is not linked to a user: only a hospital admin changes their schedule, absences and slots."
            : "A doctor changes only their own schedule, absences and slots; ask a hospital admin.");
    }
}
