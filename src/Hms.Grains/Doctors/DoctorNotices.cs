using System.Collections.Immutable;
using Hms.Notifications;

namespace Hms.Doctors;

/// <summary>What patients are told when their doctor's side changes.</summary>
public static class DoctorNotices
{
    public static readonly DoctorCancellation Unavailable = new(
        "Doctor unavailable", "APPOINTMENT_CANCELLED", "Appointment Cancelled - Doctor Unavailable",
        "Your appointment has been cancelled because the doctor is no longer available. Please book another slot.",
        Priority.High);

    public static readonly DoctorCancellation Emergency = new(
        "Auto-cancelled due to doctor emergency", "APPOINTMENT_CANCELLED", "Appointment Cancelled - Doctor Emergency",
        "Your appointment has been cancelled due to a doctor emergency. Please book another slot.",
        Priority.High);

    private static readonly Notice ScheduleChanged =
        new("APPOINTMENT_SCHEDULE_CHANGED", "Appointment Time No Longer Available", Priority.High, [Channel.Sms, Channel.InApp]);

    private static readonly Notice Affected =
        new("APPOINTMENT_AFFECTED", "Appointment Affected by Doctor Absence", Priority.Normal, [Channel.Sms, Channel.InApp]);

    public static NotificationRow OffSchedule(Booking b, DateTimeOffset now) =>
        ScheduleChanged.To(b.HospitalId, RecipientKind.Patient, b.PatientId.ToString(),
            $"The doctor's schedule changed: your appointment on {b.Date:yyyy-MM-dd} at {b.StartTime:HH\\:mm} is no longer on their timetable. Please reschedule.",
            now, About(b));

    public static NotificationRow AbsenceAffects(Booking b, Absence absence, DateTimeOffset now) =>
        Affected.To(b.HospitalId, RecipientKind.Patient, b.PatientId.ToString(),
            $"The doctor will be away ({absence.Type}) on {b.Date:yyyy-MM-dd}; please reschedule your {b.StartTime:HH\\:mm} appointment.",
            now, About(b));

    private static ImmutableDictionary<string, string> About(Booking b) =>
        ImmutableDictionary<string, string>.Empty.Add("appointmentId", b.AppointmentId.ToString());
}
