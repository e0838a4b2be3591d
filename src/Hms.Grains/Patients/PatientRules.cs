namespace Hms.Patients;

/// <summary>The patient's booking block: after the hospital's number of no-shows (3 unless it says otherwise), booking is refused.</summary>
public static class PatientRules
{
    public static string BlockedReason(int noShowCount) => $"Blocked due to {noShowCount} no-show appointments";
}
