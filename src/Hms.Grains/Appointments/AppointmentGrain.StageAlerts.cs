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
    public async Task<StageAlertView> AcknowledgeAlert(Guid alertId, Caller caller)
    {
        var current = await VisibleAsync(caller);
        var alert = FindAlert(current, alertId);
        var acknowledged = StageAlertRules.Acknowledge(alert, caller.UserId, Now);
        await CommitChangeAsync(current with { Alerts = current.Alerts.Replace(alert, acknowledged) }, [], []);
        return acknowledged;
    }

    public async Task<StageAlertView> ResolveAlert(Guid alertId, Caller caller)
    {
        var current = await VisibleAsync(caller);
        var alert = FindAlert(current, alertId);
        var resolved = StageAlertRules.Resolve(alert, caller.UserId, Now);
        await CommitChangeAsync(current with { Alerts = current.Alerts.Replace(alert, resolved) }, [], []);
        return resolved;
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

    private static StageAlertView FindAlert(AppointmentView appointment, Guid alertId) =>
        appointment.Alerts.FirstOrDefault(a => a.Id == alertId) ?? throw Errors.NotFound("alert_not_found", "No such alert.");
}
