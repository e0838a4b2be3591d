using System.Collections.Immutable;
using Hms.Appointments;
using Hms.ReadModel;

namespace Hms.Doctors;

/// <summary>What patients are told when their doctor's side changes (seed 001 §2, §4, §10).</summary>
public static class DoctorNotices
{
    public static readonly DoctorCancellation Unavailable = new(
        "Doctor unavailable", "APPOINTMENT_CANCELLED", "Appointment Cancelled - Doctor Unavailable",
        "Your appointment has been cancelled because the doctor is no longer available. Please book another slot.",
        "HIGH");

    public static readonly DoctorCancellation Emergency = new(
        "Auto-cancelled due to doctor emergency", "APPOINTMENT_CANCELLED", "Appointment Cancelled - Doctor Emergency",
        "Your appointment has been cancelled due to a doctor emergency. Please book another slot.",
        "HIGH");

    public static NotificationRow OffSchedule(AppointmentView a, DateTimeOffset now) =>
        ToPatient(a, "APPOINTMENT_SCHEDULE_CHANGED", "Appointment Time No Longer Available",
            $"The doctor's schedule changed: your appointment on {a.AppointmentDate:yyyy-MM-dd} at {a.StartTime:HH\\:mm} is no longer on their timetable. Please reschedule.",
            "HIGH", now);

    public static NotificationRow AbsenceAffects(AppointmentView a, Absence absence, DateTimeOffset now) =>
        ToPatient(a, "APPOINTMENT_AFFECTED", "Appointment Affected by Doctor Absence",
            $"The doctor will be away ({absence.Type}) on {a.AppointmentDate:yyyy-MM-dd}; please reschedule your {a.StartTime:HH\\:mm} appointment.",
            "NORMAL", now);

    private static NotificationRow ToPatient(AppointmentView a, string type, string title, string message, string priority, DateTimeOffset now) =>
        new(Guid.NewGuid(), a.HospitalId, "PATIENT", a.PatientId.ToString(), type, title, message, priority,
            ["sms", "in_app"], ImmutableDictionary<string, string>.Empty.Add("appointmentId", a.Id.ToString()), now);
}
