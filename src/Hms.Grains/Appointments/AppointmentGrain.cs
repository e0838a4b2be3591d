using Hms.Common;
using Hms.Deadlines;
using Hms.Doctors;
using Hms.Jobs;
using Hms.Patients;
using Hms.ReadModel;
using Hms.Scheduling;
using Microsoft.Extensions.Logging;

namespace Hms.Appointments;

/// <summary>
/// One appointment. Its deadlines follow from its state (<see cref="AppointmentDeadlines"/>) and are
/// kept by <see cref="DeadlineGrain{TState}"/>: a status change re-arms or disarms them, and what a
/// change owes other grains (slot, patient) is saved with it as effects and applied until done.
/// This file holds the lifecycle; booking and moving (with their compensation), NO_SHOW and the stage
/// alerts are in the files beside it.
/// </summary>
public sealed partial class AppointmentGrain(
    [PersistentState("appointment", StoreNames.Hms)] IPersistentState<AppointmentState> state,
    GrainServices services,
    PatientLinkSigner links,
    ILogger<AppointmentGrain> logger)
    : DeadlineGrain<AppointmentState>(state, services, logger), IAppointmentGrain, IDoctorBooking
{
    private DeadlineTable? _table;

    private Guid Id => this.GetPrimaryKey();

    protected override DeadlineTable Table => _table ??= new DeadlineTable()
        .On(AppointmentDeadlines.NoShow, HandleNoShowAsync)
        .On(AppointmentDeadlines.NoVitals, (dueAt, source) => RaiseAlertAsync(AppointmentDeadlines.NoVitals, dueAt, source))
        .On(AppointmentDeadlines.NoDoctor, (dueAt, source) => RaiseAlertAsync(AppointmentDeadlines.NoDoctor, dueAt, source))
        .On(AppointmentDeadlines.Waiting, (dueAt, source) => RaiseAlertAsync(AppointmentDeadlines.Waiting, dueAt, source))
        .On(AppointmentDeadlines.Reminder, HandleReminderAsync);

    protected override DeadlineSet DeadlinesOf(AppointmentState state) => AppointmentDeadlines.For(state);

    protected override string? TenantId => State.Appointment?.HospitalId;

    public async Task<AppointmentView> Get(Caller caller) => await VisibleAsync(caller);

    public async Task<AppointmentView> ChangeStatus(AppointmentStatus status, string? notes, Caller caller)
    {
        var current = await ActingAsync(caller, Roles.Staff);
        if (status == current.Status)
        {
            return current;
        }
        switch (status)
        {
            case AppointmentStatus.NO_SHOW:
                return (await MarkNoShow(NoShowReason.MANUAL_STAFF, notes, caller)).Appointment;
            case AppointmentStatus.CANCELLED:
                return await Cancel(notes, caller);
            case AppointmentStatus.CHECKED_IN:
                return await CheckIn(caller);
            case AppointmentStatus.COMPLETED:
                StatusRules.EnsureCanMove(current.Status, status);
                if (State.ConsultationOpen)
                {
                    throw Errors.Conflict("consultation_open", "Complete the consultation; it completes the appointment with it.");
                }
                return await FinishAsync(current with { Notes = notes ?? current.Notes }, State);
            default:
                StatusRules.EnsureCanMove(current.Status, status);
                return await CommitChangeAsync(current with { Status = status, Notes = notes ?? current.Notes, UpdatedAt = Now }, [], []);
        }
    }

    public async Task<AppointmentView> Cancel(string? reason, Caller caller)
    {
        var current = await VisibleAsync(caller);
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.CANCELLED);
        return await CancelAsync(current, reason ?? current.Notes, []);
    }

    public async Task<bool> CancelForDoctor(DoctorCancellation cancellation)
    {
        if (State.Appointment is not { } current || !NoShowRules.StillAwaited(current.Status))
        {
            return false;
        }
        await CancelAsync(current, cancellation.Note, [AppointmentNotices.CancelledForDoctor(current, cancellation, Now)]);
        return true;
    }

    public async Task<AppointmentView> CheckIn(Caller caller)
    {
        var current = await ActingAsync(caller, Roles.CheckIn);
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.CHECKED_IN);
        return await CommitChangeAsync(current with { Status = AppointmentStatus.CHECKED_IN, CheckedInAt = Now, UpdatedAt = Now }, [], []);
    }

    public async Task<AppointmentView> RecordVitals(Vitals vitals, Caller caller)
    {
        var current = await ActingAsync(caller, Roles.Vitals);
        if (current.Status is not (AppointmentStatus.CHECKED_IN or AppointmentStatus.IN_PROGRESS))
        {
            throw Errors.Conflict("invalid_status_for_vitals", "Vitals are recorded after check-in.");
        }
        return await CommitChangeAsync(current with { Vitals = vitals, VitalsRecordedAt = Now, UpdatedAt = Now }, [], []);
    }

    public async Task<AppointmentView> BeginConsultation(Caller caller)
    {
        var current = await VisibleAsync(caller);
        if (current.Status == AppointmentStatus.IN_PROGRESS && State.ConsultationOpen)
        {
            return current;
        }
        if (current.Status != AppointmentStatus.IN_PROGRESS)
        {
            StatusRules.EnsureCanMove(current.Status, AppointmentStatus.IN_PROGRESS);
        }
        return await CommitChangeAsync(current with { Status = AppointmentStatus.IN_PROGRESS, UpdatedAt = Now }, [], [],
            State with { ConsultationOpen = true });
    }

    public async Task<AppointmentView> CompleteConsultation()
    {
        var current = State.Appointment ?? throw Errors.NotFound("appointment_not_found", "No such appointment.");
        if (current.Status == AppointmentStatus.COMPLETED)
        {
            return current;
        }
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.COMPLETED);
        return await FinishAsync(current, State with { ConsultationOpen = false });
    }

    public async Task EndConsultation()
    {
        if (State.ConsultationOpen)
        {
            await SaveAsync(State with { ConsultationOpen = false });
        }
    }

    public Task<int> HandleDueDeadlines(RunSource source) => HandleDueAsync(source);

    private Task<AppointmentView> CancelAsync(AppointmentView current, string? notes, IReadOnlyList<ReadModelRecord> records,
        AppointmentState? basis = null) =>
        CommitChangeAsync(current with { Status = AppointmentStatus.CANCELLED, Notes = notes, CancelledAt = Now, UpdatedAt = Now }, records,
            [new ReleaseSlot(current.DoctorId, current.AppointmentDate, current.StartTime), new ReleasePatientTime(current.PatientId)], basis);

    private Task<AppointmentView> FinishAsync(AppointmentView current, AppointmentState basis) =>
        CommitChangeAsync(current with { Status = AppointmentStatus.COMPLETED, CompletedAt = Now, UpdatedAt = Now }, [],
            [new ReleasePatientTime(current.PatientId)], basis);

    /// <summary>A change made on request: saved, then anything it made due is handled at once.</summary>
    private async Task<AppointmentView> CommitChangeAsync(AppointmentView appointment, IReadOnlyList<ReadModelRecord> records,
        IReadOnlyList<Effect> effects, AppointmentState? basis = null)
    {
        var (next, rows) = Change(appointment, records, basis ?? State);
        await CommitAsync(next, rows, effects);
        return State.Appointment!;
    }

    /// <summary>A change a deadline's handler makes: one save.</summary>
    private async Task SaveChangeAsync(AppointmentView appointment, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var (next, rows) = Change(appointment, records, State);
        await SaveAsync(next, rows, effects);
    }

    /// <summary>The state a change leaves, and its rows: alerts whose cause ended resolve; new or changed alerts get their board rows.</summary>
    private (AppointmentState Next, IReadOnlyList<ReadModelRecord> Rows) Change(AppointmentView appointment, IReadOnlyList<ReadModelRecord> records,
        AppointmentState basis)
    {
        var previousAlerts = State.Appointment?.Alerts ?? [];
        appointment = appointment with { Alerts = StageAlertRules.AutoResolve(appointment, Now) };
        var next = basis with { Appointment = appointment, Version = State.Version + 1 };
        var alertRows = appointment.Alerts.Where(a => !previousAlerts.Contains(a))
            .Select(a => new StageAlertRow(a, appointment.HospitalId, appointment.PatientId, appointment.DoctorId, Now));
        return (next, [new AppointmentRow(appointment, next.Version), .. alertRows, .. records]);
    }

    private async Task<AppointmentView> VisibleAsync(Caller caller)
    {
        var appointment = State.Appointment;
        if (appointment is null || appointment.HospitalId != caller.TenantId || !await CanSeeAsync(appointment, caller))
        {
            throw Errors.NotFound("appointment_not_found", "No such appointment.");
        }
        return appointment;
    }

    /// <summary>
    /// The appointment, for a caller who may see it and act in one of <paramref name="roles"/> — checked here
    /// as well as at the API, so no other way into the cluster lets a patient check itself in.
    /// </summary>
    private async Task<AppointmentView> ActingAsync(Caller caller, string[] roles)
    {
        var current = await VisibleAsync(caller);
        if (!caller.IsInRole(Roles.System) && !caller.IsInAnyRole(roles))
        {
            throw Errors.Forbidden("forbidden", "Your roles do not allow this on an appointment.");
        }
        return current;
    }

    private async Task<bool> CanSeeAsync(AppointmentView appointment, Caller caller) =>
        PatientAccess.IsStaff(caller) || PatientAccess.MayActFor(await GrainFactory.GetGrain<IPatientGrain>(appointment.PatientId).Find(), caller);

    private IDoctorDayGrain Day(Guid doctorId, DateOnly date) => GrainFactory.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(doctorId, date));

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId}: {Kind} deadline handled {LatenessMs} ms after its instant (source {Source})")]
    private partial void LogHandled(Guid appointmentId, string kind, double latenessMs, string source);
}
