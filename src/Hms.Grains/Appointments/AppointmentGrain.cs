using System.Collections.Immutable;
using Hms.Common;
using Hms.Consultations;
using Hms.Deadlines;
using Hms.Hospitals;
using Hms.NoShow;
using Hms.Patients;
using Hms.ReadModel;
using Hms.Scheduling;
using Microsoft.Extensions.Logging;

namespace Hms.Appointments;

/// <summary>
/// One appointment, its lifecycle and its deadlines (ARCHITECTURE §5): NO_SHOW and the stage alerts
/// are deadlines implied by its state (<see cref="AppointmentDeadlines"/>), kept by
/// <see cref="DeadlineGrain{TState}"/>. Every status change re-arms or disarms them; what a change
/// owes other grains (slot, patient) is saved with it as effects and applied until done.
/// </summary>
public sealed partial class AppointmentGrain(
    [PersistentState("appointment", StoreNames.Hms)] IPersistentState<AppointmentState> state,
    GrainServices services,
    ILogger<AppointmentGrain> logger)
    : DeadlineGrain<AppointmentState>(state, services, logger), IAppointmentGrain
{
    private Guid Id => this.GetPrimaryKey();

    protected override IReadOnlyCollection<string> DeadlineKinds => AppointmentDeadlines.Kinds;

    protected override string? TenantId => State.Appointment?.HospitalId;

    protected override ImmutableDictionary<string, DateTimeOffset> DeadlinesOf(AppointmentState state) => state.Deadlines;

    protected override string JobNameOf(string kind) => AppointmentDeadlines.JobName(kind);

    protected override Task OnRunFailedAsync(string tenantId, string job, string error) =>
        GrainFactory.GetGrain<IJobFailureWatchGrain>(tenantId).RunFailed(job, error);

    public async Task<AppointmentView> Book(BookAppointment command, Caller caller)
    {
        if (State.Appointment is not null)
        {
            throw Errors.Conflict("appointment_exists", "This appointment already exists.");
        }
        var booking = await BookingCheck.RunAsync(GrainFactory, command, caller, Now, Id);
        var day = Day(command.DoctorId, command.AppointmentDate);
        await day.Reserve(command.StartTime, Id);
        var patient = GrainFactory.GetGrain<IPatientGrain>(command.PatientId);
        try
        {
            await patient.HoldTime(Id, command.AppointmentDate, command.StartTime);
            var appointment = new AppointmentView(Id, caller.TenantId, command.PatientId, command.DoctorId,
                command.AppointmentDate, command.StartTime, booking.EndTime, booking.Doctor.SlotDurationMinutes,
                AppointmentStatus.SCHEDULED, booking.SlotStartsAt, booking.NoShowDueAt, CheckedInAt: null,
                VitalsRecordedAt: null, command.Reason, Notes: null, Now, Now, Vitals: null, CancelledAt: null,
                CompletedAt: null, Alerts: []);
            var next = new AppointmentState
            {
                Appointment = appointment,
                TimeZone = booking.Hospital.TimeZone,
                Settings = booking.Hospital.Settings,
                Version = 1,
            };
            // The reminder is armed before the state that needs it is written: a crash in between
            // leaves a reminder on an empty grain (dropped at its first tick), never a silent deadline.
            await ArmAsync(AppointmentDeadlines.NoShow, booking.NoShowDueAt);
            await SaveAsync(next, [Row(appointment, next)], []);
            return appointment;
        }
        catch
        {
            await UndoAsync(() => patient.ReleaseTime(Id), () => day.Release(command.StartTime, Id),
                () => DisarmAsync(AppointmentDeadlines.NoShow));
            throw;
        }
    }

    public async Task<AppointmentView> Get(Caller caller) => await VisibleAsync(caller);

    public async Task<AppointmentView> Reschedule(RescheduleAppointment command, Caller caller)
    {
        var current = await VisibleAsync(caller);
        if (!NoShowRules.StillAwaited(current.Status))
        {
            throw Errors.Conflict("invalid_status_transition", $"A {current.Status} appointment cannot be rescheduled.");
        }
        var doctorId = command.DoctorId ?? current.DoctorId;
        if (doctorId == current.DoctorId && command.AppointmentDate == current.AppointmentDate && command.StartTime == current.StartTime)
        {
            return current;
        }
        var booking = await BookingCheck.RunAsync(GrainFactory,
            new BookAppointment(current.PatientId, doctorId, command.AppointmentDate, command.StartTime, current.Reason), caller, Now, Id);
        // The new slot is taken before the old one is let go: a refusal leaves the booking as it was.
        var newDay = Day(doctorId, command.AppointmentDate);
        await newDay.Reserve(command.StartTime, Id);
        var patient = GrainFactory.GetGrain<IPatientGrain>(current.PatientId);
        var moved = current with
        {
            DoctorId = doctorId,
            AppointmentDate = command.AppointmentDate,
            StartTime = command.StartTime,
            EndTime = booking.EndTime,
            SlotDurationMinutes = booking.Doctor.SlotDurationMinutes,
            SlotStartsAt = booking.SlotStartsAt,
            NoShowDueAt = booking.NoShowDueAt,
            UpdatedAt = Now,
        };
        try
        {
            await patient.HoldTime(Id, command.AppointmentDate, command.StartTime);
            moved = await SaveChangeAsync(moved, [], [new ReleaseSlot(current.DoctorId, current.AppointmentDate, current.StartTime)]);
        }
        catch
        {
            await UndoAsync(() => patient.HoldTime(Id, current.AppointmentDate, current.StartTime),
                () => newDay.Release(command.StartTime, Id), () => ArmAsync(AppointmentDeadlines.NoShow, current.NoShowDueAt));
            throw;
        }
        return moved;
    }

    public async Task<AppointmentView> ChangeStatus(AppointmentStatus status, string? notes, Caller caller)
    {
        var current = await VisibleAsync(caller);
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
                if (await GrainFactory.GetGrain<IConsultationGrain>(Id).Find() is { } consultation &&
                    consultation.Status is ConsultationStatus.STARTED or ConsultationStatus.IN_PROGRESS)
                {
                    throw Errors.Conflict("consultation_open", "Complete the consultation; it completes the appointment with it.");
                }
                return await FinishAsync(current with { Notes = notes ?? current.Notes });
            default:
                StatusRules.EnsureCanMove(current.Status, status);
                var moved = current with { Status = status, Notes = notes ?? current.Notes, UpdatedAt = Now };
                return await SaveChangeAsync(moved, [], []);
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
        await CancelAsync(current, cancellation.Note, [AppointmentNotices.ToPatient(current, cancellation, Now)]);
        return true;
    }

    public async Task<NoShowResult> MarkNoShow(NoShowReason reason, string? notes, Caller caller)
    {
        var current = await VisibleAsync(caller);
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.NO_SHOW);
        return await MarkNoShowAsync(current, reason, notes, caller.UserId, run: null);
    }

    public async Task<AppointmentView> CheckIn(Caller caller)
    {
        var current = await VisibleAsync(caller);
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.CHECKED_IN);
        var checkedIn = current with { Status = AppointmentStatus.CHECKED_IN, CheckedInAt = Now, UpdatedAt = Now };
        return await SaveChangeAsync(checkedIn, [], []);
    }

    public async Task<AppointmentView> RecordVitals(Vitals vitals, Caller caller)
    {
        var current = await VisibleAsync(caller);
        if (current.Status is not (AppointmentStatus.CHECKED_IN or AppointmentStatus.IN_PROGRESS))
        {
            throw Errors.Conflict("invalid_status_for_vitals", "Vitals are recorded after check-in.");
        }
        var recorded = current with { Vitals = vitals, VitalsRecordedAt = Now, UpdatedAt = Now };
        return await SaveChangeAsync(recorded, [], []);
    }

    public async Task<AppointmentView> BeginConsultation(Caller caller)
    {
        var current = await VisibleAsync(caller);
        if (current.Status == AppointmentStatus.IN_PROGRESS)
        {
            return current;
        }
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.IN_PROGRESS);
        var started = current with { Status = AppointmentStatus.IN_PROGRESS, UpdatedAt = Now };
        return await SaveChangeAsync(started, [], []);
    }

    public async Task<AppointmentView> CompleteConsultation()
    {
        var current = State.Appointment ?? throw Errors.NotFound("appointment_not_found", "No such appointment.");
        if (current.Status == AppointmentStatus.COMPLETED)
        {
            return current;
        }
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.COMPLETED);
        return await FinishAsync(current);
    }

    public async Task<StageAlertView> AcknowledgeAlert(Guid alertId, Caller caller)
    {
        var current = await VisibleAsync(caller);
        var alert = FindAlert(current, alertId);
        var acknowledged = StageAlertRules.Acknowledge(alert, caller.UserId, Now);
        await SaveChangeAsync(current with { Alerts = current.Alerts.Replace(alert, acknowledged) }, [], []);
        return acknowledged;
    }

    public async Task<StageAlertView> ResolveAlert(Guid alertId, Caller caller)
    {
        var current = await VisibleAsync(caller);
        var alert = FindAlert(current, alertId);
        var resolved = StageAlertRules.Resolve(alert, caller.UserId, Now);
        await SaveChangeAsync(current with { Alerts = current.Alerts.Replace(alert, resolved) }, [], []);
        return resolved;
    }

    public Task<int> HandleDueDeadlines(string source) => HandleDueAsync(source, tick: null);

    protected override async Task ApplyEffectAsync(Effect effect)
    {
        switch (effect)
        {
            case ReleaseSlot slot:
                await Day(slot.DoctorId, slot.Date).Release(slot.StartTime, Id);
                break;
            case ReleasePatientTime patient:
                await GrainFactory.GetGrain<IPatientGrain>(patient.PatientId).ReleaseTime(Id);
                break;
            case RecordPatientNoShow noShow:
                await GrainFactory.GetGrain<IPatientGrain>(noShow.PatientId).RecordNoShow(noShow.NoShow);
                break;
            default:
                await base.ApplyEffectAsync(effect);
                break;
        }
    }

    protected override async Task ApplyDeadlineAsync(string kind, DateTimeOffset dueAt, string source)
    {
        var appointment = State.Appointment!;
        var startedAt = Now;
        if (kind == AppointmentDeadlines.NoShow)
        {
            await MarkNoShowAsync(appointment, NoShowReason.AUTO_TIMEOUT, notes: null, createdBy: null, run: (dueAt, startedAt, source));
            return;
        }
        var patient = await GrainFactory.GetGrain<IPatientGrain>(appointment.PatientId).Find();
        var alert = StageAlertRules.Raise(AppointmentDeadlines.AlertOf(kind), appointment, patient, ZonedTime.Zone(State.TimeZone), startedAt);
        var job = AppointmentDeadlines.JobName(kind);
        await SaveChangeAsync(appointment with { Alerts = appointment.Alerts.Add(alert), UpdatedAt = Now },
            [JobRuns.DeadlineHandled(job, appointment.HospitalId, source, Id.ToString(), dueAt, startedAt, Now, itemsProcessed: 1)], []);
        LogHandled(Id, kind, (startedAt - dueAt).TotalMilliseconds, source);
    }

    /// <summary>
    /// NO_SHOW with its log, the patient's notification and count (seed 000 §3): automatic at the
    /// deadline (<paramref name="run"/> given, recorded as a job run with its lateness) or by staff.
    /// </summary>
    private async Task<NoShowResult> MarkNoShowAsync(AppointmentView appointment, NoShowReason reason, string? notes,
        string? createdBy, (DateTimeOffset DueAt, DateTimeOffset StartedAt, string Source)? run)
    {
        var now = run?.StartedAt ?? Now;
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(appointment.HospitalId).Find();
        var threshold = (hospital?.Settings ?? HospitalSettings.Default).NoShowBlockThreshold;
        var slotEndsAt = NoShowRules.DueAt(appointment.SlotStartsAt, appointment.SlotDurationMinutes);
        // At the automatic deadline the slot has ended, so it is never released (Scenario A);
        // staff marking early frees it while at least 5 minutes remain (Scenario C).
        var release = NoShowRules.CanReleaseSlot(appointment.AppointmentDate, slotEndsAt, now, ZonedTime.Zone(State.TimeZone));
        var noShow = appointment with { Status = AppointmentStatus.NO_SHOW, Notes = notes ?? appointment.Notes, UpdatedAt = Now };
        var log = NoShowRecords.Log(noShow, reason, now, release, createdBy, notes);
        List<ReadModelRecord> records = [log, NoShowRecords.PatientNotification(noShow, log.Log.Id, Now)];
        if (run is var (dueAt, startedAt, source))
        {
            records.Add(JobRuns.DeadlineHandled(JobRuns.NoShowDeadline, noShow.HospitalId, source, Id.ToString(), dueAt,
                startedAt, Now, itemsProcessed: 1));
        }
        // One patient write counts the no-show and frees the patient's time.
        List<Effect> effects = [new RecordPatientNoShow(noShow.PatientId, new PatientNoShow(Id, now, threshold))];
        if (release)
        {
            effects.Add(new ReleaseSlot(noShow.DoctorId, noShow.AppointmentDate, noShow.StartTime));
        }
        noShow = await SaveChangeAsync(noShow, records, effects);
        if (run is var (due, started, from))
        {
            LogHandled(Id, AppointmentDeadlines.NoShow, (started - due).TotalMilliseconds, from);
        }
        return new NoShowResult(noShow, log.Log);
    }

    private async Task<AppointmentView> CancelAsync(AppointmentView current, string? notes, IReadOnlyList<ReadModelRecord> records)
    {
        var cancelled = current with { Status = AppointmentStatus.CANCELLED, Notes = notes, CancelledAt = Now, UpdatedAt = Now };
        return await SaveChangeAsync(cancelled, records,
            [new ReleaseSlot(current.DoctorId, current.AppointmentDate, current.StartTime), new ReleasePatientTime(current.PatientId)]);
    }

    private async Task<AppointmentView> FinishAsync(AppointmentView current)
    {
        var completed = current with { Status = AppointmentStatus.COMPLETED, CompletedAt = Now, UpdatedAt = Now };
        return await SaveChangeAsync(completed, [], [new ReleasePatientTime(current.PatientId)]);
    }

    /// <summary>
    /// Saves a change of the appointment: alerts whose cause ended resolve, new alerts get their board
    /// rows, and the deadlines the change leaves are armed, disarmed or handled at once.
    /// </summary>
    private async Task<AppointmentView> SaveChangeAsync(AppointmentView appointment, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var previousAlerts = State.Appointment?.Alerts ?? [];
        appointment = appointment with { Alerts = StageAlertRules.AutoResolve(appointment, Now) };
        var next = State with { Appointment = appointment, Version = State.Version + 1 };
        var alertRows = appointment.Alerts.Where(a => !previousAlerts.Contains(a))
            .Select(a => new StageAlertRow(a, appointment.HospitalId, appointment.PatientId, appointment.DoctorId, Now));
        await SaveWithDeadlinesAsync(next, [Row(appointment, next), .. alertRows, .. records], effects);
        return State.Appointment!;
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

    private async Task<bool> CanSeeAsync(AppointmentView appointment, Caller caller)
    {
        if (caller.IsInAnyRole(Roles.Staff) || caller.IsInRole(Roles.System))
        {
            return true;
        }
        var patient = await GrainFactory.GetGrain<IPatientGrain>(appointment.PatientId).Find();
        return patient?.UserId is { } userId && userId == caller.UserId;
    }

    private IDoctorDayGrain Day(Guid doctorId, DateOnly date) => GrainFactory.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(doctorId, date));

    private static StageAlertView FindAlert(AppointmentView appointment, Guid alertId) =>
        appointment.Alerts.FirstOrDefault(a => a.Id == alertId) ?? throw Errors.NotFound("alert_not_found", "No such alert.");

    /// <summary>Best-effort compensation after a failed multi-grain step; each undo is idempotent.</summary>
    private async Task UndoAsync(params Func<Task>[] undos)
    {
        foreach (var undo in undos)
        {
            try
            {
                await undo();
            }
            catch (Exception ex)
            {
                LogCompensationFailed(ex, Id);
            }
        }
    }

    private static AppointmentRow Row(AppointmentView a, AppointmentState s) => new(a, s.Deadlines, s.Version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId}: {Kind} deadline handled {LatenessMs} ms after its instant (source {Source})")]
    private partial void LogHandled(Guid appointmentId, string kind, double latenessMs, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up for appointment {AppointmentId} failed")]
    private partial void LogCompensationFailed(Exception exception, Guid appointmentId);
}
