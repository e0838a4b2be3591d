using Hms.Common;

namespace Hms.Patients;

/// <summary>
/// Who acts for a patient — sees their appointments, books, joins a waitlist, answers an offer: the
/// hospital's staff (and the system) for any patient, a patient user only for the record linked to their
/// own user (<see cref="PatientView.UserId"/>). Tenants are checked by each grain before this.
/// </summary>
public static class PatientAccess
{
    public static bool IsStaff(Caller caller) => caller.IsInAnyRole(Roles.Staff) || caller.IsInRole(Roles.System);

    public static bool MayActFor(PatientView? patient, Caller caller) =>
        IsStaff(caller) || (patient?.UserId is { } userId && userId == caller.UserId);
}
