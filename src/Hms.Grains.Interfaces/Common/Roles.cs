namespace Hms.Common;

/// <summary>The roles a caller's token can carry.</summary>
public static class Roles
{
    public const string HospitalAdmin = "HOSPITAL_ADMIN";
    public const string Doctor = "DOCTOR";
    public const string Nurse = "NURSE";
    public const string Receptionist = "RECEPTIONIST";
    public const string Patient = "PATIENT";
    public const string Supervisor = "SUPERVISOR";
    public const string Manager = "MANAGER";
    public const string HotelAdmin = "HOTEL_ADMIN";
    public const string FrontDesk = "FRONT_DESK";
    public const string Housekeeper = "HOUSEKEEPER";

    /// <summary>Not a token role: marks work the system does on its own (deadlines, reconcile).</summary>
    public const string System = "SYSTEM";

    /// <summary>Not a role: in <see cref="AllowsAttribute"/>, every role of the caller's tenant.</summary>
    public const string Anyone = "*";

    public static readonly IReadOnlyList<string> All =
        [HospitalAdmin, Doctor, Nurse, Receptionist, Patient, Supervisor, Manager, HotelAdmin, FrontDesk, Housekeeper];

    /// <summary>Hospital staff who run the outpatient desk.</summary>
    public static readonly string[] Staff = [HospitalAdmin, Doctor, Nurse, Receptionist];

    /// <summary>Who checks a patient in at the desk.</summary>
    public static readonly string[] CheckIn = [HospitalAdmin, Receptionist, Nurse];

    /// <summary>Who blocks a doctor's slot by hand.</summary>
    public static readonly string[] SlotBlockers = [HospitalAdmin, Doctor];

    /// <summary>Who records a patient's vitals.</summary>
    public static readonly string[] Vitals = [HospitalAdmin, Nurse, Doctor];

    /// <summary>Staff who work patient-experience cases (everyone but patients).</summary>
    public static readonly string[] PatientExperience = [HospitalAdmin, Supervisor, Manager, Doctor, Nurse, Receptionist];

    /// <summary>Who may configure patient experience and run the SLA pass by hand: an admin or a supervisor.</summary>
    public static readonly string[] PatientExperienceLeads = [HospitalAdmin, Supervisor];

    /// <summary>Who manages an organization's KPI alerts and pushes KPI values.</summary>
    public static readonly string[] KpiManagers = [HospitalAdmin, Manager, Supervisor];
}
