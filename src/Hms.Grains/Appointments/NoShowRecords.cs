using System.Collections.Immutable;
using Hms.NoShow;
using Hms.ReadModel;

namespace Hms.Appointments;

/// <summary>The records a NO_SHOW owes the read model: its log and the patient's notification.</summary>
public static class NoShowRecords
{
    /// <summary>Metadata key naming the NoShowLog a notification reports, so its delivery can be written back to it.</summary>
    public const string NoShowLogIdKey = "noShowLogId";

    public static NoShowLogRow Log(AppointmentView a, NoShowReason reason, DateTimeOffset triggeredAt, bool slotReleased, string? createdBy, string? notes = null) =>
        new(new NoShowLogView(Guid.NewGuid(), a.HospitalId, a.Id, a.PatientId, a.DoctorId, reason, a.AppointmentDate,
            a.StartTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), a.SlotDurationMinutes,
            triggeredAt, slotReleased, slotReleased ? triggeredAt : null,
            // Set once the patient's notification has gone out on all its channels.
            NotificationSent: false, notes, createdBy));

    public static NotificationRow PatientNotification(AppointmentView a, Guid noShowLogId, DateTimeOffset createdAt) =>
        new(Guid.NewGuid(), a.HospitalId, "PATIENT", a.PatientId.ToString(), "APPOINTMENT_NO_SHOW",
            "Missed Appointment",
            $"You missed your appointment on {a.AppointmentDate:yyyy-MM-dd} at {a.StartTime:HH\\:mm}. It has been marked as a no-show.",
            "NORMAL", ["sms", "in_app"],
            ImmutableDictionary<string, string>.Empty
                .Add("appointmentId", a.Id.ToString())
                .Add("doctorId", a.DoctorId.ToString())
                .Add(NoShowLogIdKey, noShowLogId.ToString()),
            createdAt);
}
