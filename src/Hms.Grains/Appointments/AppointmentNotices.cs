using System.Collections.Immutable;
using System.Globalization;
using Hms.Doctors;
using Hms.Notifications;

namespace Hms.Appointments;

/// <summary>The links a reminder carries (no confirm link once confirmed).</summary>
public sealed record ReplyLinks(string? Confirm, string Cancel);

/// <summary>What an appointment owes the read model when it becomes NO_SHOW, and the notices it sends its patient.</summary>
public static class AppointmentNotices
{
    private static readonly Notice Missed = new("APPOINTMENT_NO_SHOW", "Missed Appointment", Priority.Normal, [Channel.Sms, Channel.InApp]);

    /// <summary>The NoShowLog; its notificationSent is set once the patient's notification is out on all its channels.</summary>
    public static NoShowLogRow Log(AppointmentView a, NoShowReason reason, DateTimeOffset triggeredAt, bool slotReleased, string? createdBy, string? notes = null) =>
        new(new NoShowLogView(Guid.NewGuid(), a.HospitalId, a.Id, a.PatientId, a.DoctorId, reason, a.AppointmentDate,
            a.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), a.SlotDurationMinutes,
            triggeredAt, slotReleased, slotReleased ? triggeredAt : null, NotificationSent: false, notes, createdBy));

    /// <summary>The patient hears of the NO_SHOW (sms + in-app); once delivered, the log says so.</summary>
    public static NotificationRow NoShow(AppointmentView a, Guid noShowLogId, DateTimeOffset at) =>
        Missed.To(a.HospitalId, RecipientKind.Patient, a.PatientId.ToString(),
            $"You missed your appointment on {a.AppointmentDate:yyyy-MM-dd} at {a.StartTime:HH\\:mm}. It has been marked as a no-show.",
            at, About(a).Add("noShowLogId", noShowLogId.ToString()), onDelivered: new NoShowNotificationSent(noShowLogId));

    /// <summary>
    /// The patient is reminded of the appointment ahead, on the hospital's reminder channels, with links that
    /// confirm or cancel it in one step (or an SMS reply: 1 confirms, 2 cancels).
    /// </summary>
    public static NotificationRow Reminder(AppointmentView a, ImmutableArray<Channel> channels, ReplyLinks links, DateTimeOffset at)
    {
        var data = About(a).Add("cancelUrl", links.Cancel);
        var confirm = "";
        if (links.Confirm is { } confirmUrl)
        {
            data = data.Add("confirmUrl", confirmUrl);
            confirm = $" Confirm: {confirmUrl}";
        }
        var reply = links.Confirm is null ? "reply 2 to cancel" : "reply 1 to confirm, 2 to cancel";
        return new Notice("APPOINTMENT_REMINDER", "Appointment Reminder", Priority.Normal, channels)
            .To(a.HospitalId, RecipientKind.Patient, a.PatientId.ToString(),
                $"Reminder: your appointment is on {a.AppointmentDate:yyyy-MM-dd} at {a.StartTime:HH\\:mm}.{confirm} Cancel: {links.Cancel} (or {reply}).",
                at, data);
    }

    /// <summary>The patient hears that the doctor's side cancelled.</summary>
    public static NotificationRow CancelledForDoctor(AppointmentView a, DoctorCancellation c, DateTimeOffset at) =>
        new Notice(c.NotificationType, c.NotificationTitle, c.Priority, [Channel.Sms, Channel.InApp])
            .To(a.HospitalId, RecipientKind.Patient, a.PatientId.ToString(),
                $"{c.NotificationMessage} (Was: {a.AppointmentDate:yyyy-MM-dd} {a.StartTime:HH\\:mm}.)", at, About(a));

    private static ImmutableDictionary<string, string> About(AppointmentView a) =>
        ImmutableDictionary<string, string>.Empty.Add("appointmentId", a.Id.ToString()).Add("doctorId", a.DoctorId.ToString());
}
