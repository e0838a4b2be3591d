using Hms.Jobs;
using Hms.ReadModel;

namespace Hms.Appointments;

/// <summary>
/// Reminders before the appointment, each at its planned instant (<see cref="ReminderRules"/>): the
/// patient is told on the hospital's reminder channels, once — the reminder is recorded as handled in
/// the same save, so a duplicate or late tick finds nothing due. Reminders missed while no silo ran are
/// handled together as the latest one, and none is sent once the slot has started.
/// </summary>
public sealed partial class AppointmentGrain
{
    private async Task HandleReminderAsync(DateTimeOffset dueAt, RunSource source)
    {
        var startedAt = Now;
        var appointment = State.Appointment!;
        var due = AppointmentDeadlines.ReminderPlan(State).Where(at => at <= startedAt && (State.RemindedThrough is null || at > State.RemindedThrough)).ToList();
        var send = startedAt < appointment.SlotStartsAt;
        List<ReadModelRecord> records = send
            ? [AppointmentNotices.Reminder(appointment, State.Settings.EffectiveReminders.Channels, await ReplyLinksAsync(appointment), Now)]
            : [];
        records.Add(JobRuns.Handled(new JobRunOf(AppointmentDeadlines.Reminder.Job, appointment.HospitalId, source, Id.ToString()),
            dueAt, startedAt, Now, itemsProcessed: send ? 1 : 0));
        var reminded = send && appointment.RemindedAt is null ? appointment with { RemindedAt = Now } : appointment;
        var next = State with { Appointment = reminded, RemindedThrough = due.Max(), Version = State.Version + 1 };
        await SaveAsync(next, reminded == appointment ? records : [new AppointmentRow(reminded, next.Version), .. records], []);
        LogHandled(Id, AppointmentDeadlines.Reminder.Name, (startedAt - dueAt).TotalMilliseconds, source.Name);
    }

    /// <summary>The links the reminder carries, valid until the slot starts: confirm while not yet confirmed, and cancel.</summary>
    private async Task<ReplyLinks> ReplyLinksAsync(AppointmentView a) => new(
        a.Status == AppointmentStatus.SCHEDULED ? await links.UrlAsync(new PatientLink(a.Id, ReminderAction.CONFIRM, a.SlotStartsAt)) : null,
        await links.UrlAsync(new PatientLink(a.Id, ReminderAction.CANCEL, a.SlotStartsAt)));
}
