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
            ? [AppointmentNotices.Reminder(appointment, State.Settings.EffectiveReminders.Channels, Now)]
            : [];
        records.Add(JobRuns.Handled(new JobRunOf(AppointmentDeadlines.Reminder.Job, appointment.HospitalId, source, Id.ToString()),
            dueAt, startedAt, Now, itemsProcessed: send ? 1 : 0));
        await SaveAsync(State with { RemindedThrough = due.Max(), Version = State.Version + 1 }, records, []);
        LogHandled(Id, AppointmentDeadlines.Reminder.Name, (startedAt - dueAt).TotalMilliseconds, source.Name);
    }
}
