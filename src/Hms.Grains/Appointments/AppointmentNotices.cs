using System.Collections.Immutable;
using Hms.ReadModel;

namespace Hms.Appointments;

/// <summary>Notifications an appointment sends its patient.</summary>
public static class AppointmentNotices
{
    public static NotificationRow ToPatient(AppointmentView a, DoctorCancellation c, DateTimeOffset now) =>
        new(Guid.NewGuid(), a.HospitalId, "PATIENT", a.PatientId.ToString(), c.NotificationType, c.NotificationTitle,
            $"{c.NotificationMessage} (Was: {a.AppointmentDate:yyyy-MM-dd} {a.StartTime:HH\\:mm}.)", c.Priority, ["sms", "in_app"],
            ImmutableDictionary<string, string>.Empty.Add("appointmentId", a.Id.ToString()).Add("doctorId", a.DoctorId.ToString()),
            now);
}
