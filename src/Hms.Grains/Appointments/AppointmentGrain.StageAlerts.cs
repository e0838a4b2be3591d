using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;
using Hms.Patients;

namespace Hms.Appointments;

/// <summary>
/// Stage alerts of a checked-in patient: raised by their deadlines (no vitals, no doctor, waiting too
/// long), one per type; acknowledged and resolved by staff, or resolved by themselves when their cause
/// ends (see <see cref="StageAlertRules.AutoResolve"/>, applied on every change).
/// </summary>
public sealed partial class AppointmentGrain
{
    public Task<StageAlertView> AcknowledgeAlert(Guid alertId, Caller caller) => ChangeAlertAsync(alertId, caller, StageAlertRules.Acknowledge);

    public Task<StageAlertView> ResolveAlert(Guid alertId, Caller caller) => ChangeAlertAsync(alertId, caller, StageAlertRules.Resolve);

    /// <summary>Staff act on an alert: the rule moves it (by whom, when), or refuses with 409.</summary>
    private async Task<StageAlertView> ChangeAlertAsync(Guid alertId, Caller caller, Func<StageAlertView, string, DateTimeOffset, StageAlertView> rule)
    {
        var current = await VisibleAsync(caller);
        var alert = current.Alerts.FirstOrDefault(a => a.Id == alertId) ?? throw Errors.NotFound("alert_not_found", "No such alert.");
        var changed = rule(alert, caller.UserId, Now);
        await CommitChangeAsync(current with { Alerts = current.Alerts.Replace(alert, changed) }, [], []);
        return changed;
    }

    private async Task RaiseAlertAsync(DeadlineKind kind, DateTimeOffset dueAt, RunSource source)
    {
        var appointment = State.Appointment!;
        var startedAt = Now;
        var patient = await GrainFactory.GetGrain<IPatientGrain>(appointment.PatientId).Find();
        var alert = StageAlertRules.Raise(AppointmentDeadlines.AlertOf(kind), appointment, patient, ZonedTime.Zone(State.TimeZone), startedAt);
        await SaveChangeAsync(appointment with { Alerts = appointment.Alerts.Add(alert), UpdatedAt = Now },
            [JobRuns.Handled(new JobRunOf(kind.Job, appointment.HospitalId, source, Id.ToString()), dueAt, startedAt, Now, itemsProcessed: 1)], []);
        LogHandled(Id, kind.Name, (startedAt - dueAt).TotalMilliseconds, source.Name);
    }
}
