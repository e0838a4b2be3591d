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
/// One appointment, its lifecycle and its deadlines (ARCHITECTURE §5): the state holds each pending
/// deadline as a UTC instant, one reminder per deadline kind fires at it, and the handler re-checks
/// state and clock, so duplicate, late or skipped ticks never change the outcome. Every status
/// change re-arms or disarms the deadlines; what a change owes other grains (slot, patient) is
/// saved with it as effects and applied until done.
/// </summary>
public sealed partial class AppointmentGrain(
    [PersistentState("appointment", StoreNames.Hms)] IPersistentState<AppointmentState> state,
    GrainServices services,
    ILogger<AppointmentGrain> logger)
    : OutboxGrain<AppointmentState>(state, services, logger), IAppointmentGrain
{
    private Guid Id => this.GetPrimaryKey();

    /// <summary>Set while deadlines are being handled, so a change made by a handler does not start another round.</summary>
    private bool _handling;

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

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (!AppointmentDeadlines.Kinds.Contains(reminderName))
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        try
        {
            await DrainOutboxAsync();
            await HandleDueAsync(RunSources.Reminder, tick: reminderName);
        }
        catch (Exception ex)
        {
            // The reminder stays registered: its next tick retries against the same state.
            var job = AppointmentDeadlines.JobName(reminderName);
            HmsMetrics.DeadlineFailed(job);
            LogHandlingFailed(ex, Id);
            await RecordFailedRunAsync(job, reminderName, ex);
        }
    }

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

    /// <summary>
    /// Handles every deadline whose instant has passed, earliest first, re-reading state and clock
    /// each round; a handled deadline leaves the state, so a duplicate or late tick finds nothing.
    /// </summary>
    private async Task<int> HandleDueAsync(string source, string? tick)
    {
        var handled = 0;
        if (!_handling)
        {
            _handling = true;
            try
            {
                while (State.Appointment is { } appointment &&
                       State.Deadlines.Where(d => d.Value <= Now).OrderBy(d => d.Value).FirstOrDefault() is { Key: { } kind } due)
                {
                    await ApplyDeadlineAsync(appointment, kind, due.Value, source);
                    handled++;
                }
            }
            finally
            {
                _handling = false;
            }
        }
        if (tick is not null && !State.Deadlines.ContainsKey(tick) && State.Outbox.Effects.IsEmpty)
        {
            await DisarmAsync(tick); // a duplicate, late or orphaned tick: nothing left to guard
        }
        return handled;
    }

    private async Task ApplyDeadlineAsync(AppointmentView appointment, string kind, DateTimeOffset dueAt, string source)
    {
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
    /// Saves a change of the appointment and keeps its reminders in step with the deadlines the change
    /// leaves (ARCHITECTURE §5): alerts whose cause ended resolve, new or moved deadlines are armed before
    /// the write, deadlines that ended are disarmed after it once the change's effects are applied (until
    /// then their reminders retry the effects), and a deadline already past is handled at once.
    /// </summary>
    private async Task<AppointmentView> SaveChangeAsync(AppointmentView appointment, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var before = State.Deadlines;
        var previousAlerts = State.Appointment?.Alerts ?? [];
        appointment = appointment with { Alerts = StageAlertRules.AutoResolve(appointment, Now) };
        var next = State with { Appointment = appointment, Version = State.Version + 1 };
        var after = next.Deadlines;
        foreach (var (kind, dueAt) in after)
        {
            if (!before.TryGetValue(kind, out var armedFor) || armedFor != dueAt)
            {
                await ArmAsync(kind, dueAt);
            }
        }
        var alertRows = appointment.Alerts.Where(a => !previousAlerts.Contains(a))
            .Select(a => new StageAlertRow(a, appointment.HospitalId, appointment.PatientId, appointment.DoctorId, Now));
        await SaveAsync(next, [Row(appointment, next), .. alertRows, .. records], effects, effectsGuarded: before.Count + after.Count > 0);
        if (State.Outbox.Effects.IsEmpty)
        {
            foreach (var ended in before.Keys.Except(after.Keys))
            {
                await DisarmAsync(ended);
            }
        }
        if (after.Values.Any(dueAt => dueAt <= Now))
        {
            await HandleDueAsync(RunSources.Reminder, tick: null);
        }
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

    /// <summary>One reminder per deadline kind: first tick at the deadline, then every retry period.</summary>
    private Task ArmAsync(string kind, DateTimeOffset dueAt)
    {
        var dueIn = dueAt - Now;
        return this.RegisterOrUpdateReminder(kind, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Services.RetryPeriod);
    }

    private async Task DisarmAsync(string kind)
    {
        var reminder = await this.GetReminder(kind);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

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

    private async Task RecordFailedRunAsync(string job, string kind, Exception error)
    {
        if (State.Appointment is not { } appointment)
        {
            return;
        }
        try
        {
            HmsMetrics.JobRun(job, JobRuns.Failed);
            await Services.ReadModel.WriteAsync([new JobRunRow(Guid.NewGuid(), job, appointment.HospitalId,
                JobRuns.Failed, Now, Now, 0, 0, error.Message, RunSources.Reminder, Id.ToString(),
                State.Deadlines.TryGetValue(kind, out var dueAt) ? dueAt : null, null)]);
            await GrainFactory.GetGrain<IJobFailureWatchGrain>(appointment.HospitalId).RunFailed(job, error.Message);
        }
        catch (Exception ex)
        {
            LogCompensationFailed(ex, Id);
        }
    }

    private static AppointmentRow Row(AppointmentView a, AppointmentState s) => new(a, s.Deadlines, s.Version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId}: {Kind} deadline handled {LatenessMs} ms after its instant (source {Source})")]
    private partial void LogHandled(Guid appointmentId, string kind, double latenessMs, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the deadlines of appointment {AppointmentId} failed; the reminder retries")]
    private partial void LogHandlingFailed(Exception exception, Guid appointmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up for appointment {AppointmentId} failed")]
    private partial void LogCompensationFailed(Exception exception, Guid appointmentId);
}
