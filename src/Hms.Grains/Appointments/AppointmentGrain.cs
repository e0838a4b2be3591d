using Hms.Common;
using Hms.Deadlines;
using Hms.Hospitals;
using Hms.NoShow;
using Hms.Patients;
using Hms.ReadModel;
using Hms.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hms.Appointments;

/// <summary>
/// One appointment and its deadlines (ARCHITECTURE §5): the state holds each pending deadline as a
/// UTC instant, one reminder per deadline kind fires at it, and the handler re-checks state and clock,
/// so duplicate, late or skipped ticks never change the outcome.
/// </summary>
public sealed partial class AppointmentGrain(
    [PersistentState("appointment", StoreNames.Hms)] IPersistentState<AppointmentState> state,
    IReadModelWriter readModel,
    TimeProvider clock,
    IOptions<DeadlineOptions> deadlineOptions,
    ILogger<AppointmentGrain> logger)
    : OutboxGrain<AppointmentState>(state, readModel, logger), IAppointmentGrain
{
    /// <summary>The reminder guarding the NO_SHOW deadline (and the patient count it owes).</summary>
    public const string NoShowReminder = "no-show";

    private Guid Id => this.GetPrimaryKey();

    public async Task<AppointmentView> Book(BookAppointment command, Caller caller)
    {
        if (State.Appointment is not null)
        {
            throw Errors.Conflict("appointment_exists", "This appointment already exists.");
        }
        var booking = await BookingCheck.RunAsync(GrainFactory, command, caller, clock.GetUtcNow());
        var day = GrainFactory.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(command.DoctorId, command.AppointmentDate));
        var slot = await day.Reserve(command.StartTime, Id);
        try
        {
            // The reminder is armed before the state that needs it is written: a crash in between
            // leaves a reminder on an empty grain (dropped at its first tick), never a silent deadline.
            await ArmNoShowReminderAsync(booking.NoShowDueAt);
            var now = clock.GetUtcNow();
            var appointment = new AppointmentView(Id, caller.TenantId, command.PatientId, command.DoctorId,
                command.AppointmentDate, slot.StartTime, slot.EndTime, booking.Doctor.SlotDurationMinutes,
                AppointmentStatus.SCHEDULED, booking.SlotStartsAt, booking.NoShowDueAt, CheckedInAt: null,
                VitalsRecordedAt: null, command.Reason, Notes: null, now, now);
            var next = new AppointmentState
            {
                Appointment = appointment,
                TimeZone = booking.Hospital.TimeZone,
                NoShowDueAt = booking.NoShowDueAt,
                Version = 1,
            };
            await SaveAsync(next, Row(appointment, next));
        }
        catch
        {
            await CompensateFailedBookingAsync(day);
            throw;
        }
        return State.Appointment!;
    }

    public async Task<AppointmentView> Get(Caller caller)
    {
        var appointment = State.Appointment;
        if (appointment is null || appointment.HospitalId != caller.TenantId ||
            !await CanSeeAsync(appointment, caller))
        {
            throw Errors.NotFound("appointment_not_found", "No such appointment.");
        }
        return appointment;
    }

    public Task<int> HandleDueDeadlines(string source) => HandleDueAsync(source, fromTick: false);

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (reminderName != NoShowReminder)
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        try
        {
            await HandleDueAsync(JobRuns.Sources.Reminder, fromTick: true);
        }
        catch (Exception ex)
        {
            // The reminder stays registered: its next tick retries against the same state.
            HmsMetrics.DeadlineFailed(JobRuns.NoShowDeadline);
            LogHandlingFailed(ex, Id);
            await RecordFailedRunAsync(ex);
        }
    }

    private async Task<int> HandleDueAsync(string source, bool fromTick)
    {
        var handled = 0;
        var now = clock.GetUtcNow();
        if (State.Appointment is { } appointment && State.NoShowDueAt is { } dueAt && dueAt <= now)
        {
            if (NoShowRules.StillAwaited(appointment.Status))
            {
                await MarkAutoNoShowAsync(appointment, dueAt, now, source);
                handled++;
            }
            else
            {
                SetInMemory(State with { NoShowDueAt = null });
            }
        }
        await SettleOwedPatientNoShowAsync();
        if (!State.HasPendingWork && (fromTick || handled > 0))
        {
            await DisarmNoShowReminderAsync();
        }
        return handled;
    }

    private async Task MarkAutoNoShowAsync(AppointmentView appointment, DateTimeOffset dueAt, DateTimeOffset startedAt, string source)
    {
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(appointment.HospitalId).Find();
        var threshold = (hospital?.Settings ?? HospitalSettings.Default).NoShowBlockThreshold;
        // The NO_SHOW deadline is the slot's end, so an automatic NO_SHOW never has 5 minutes of slot
        // left: the slot is not released (seed 000, Scenario A).
        var zone = ZonedTime.Zone(State.TimeZone);
        var slotEndsAt = NoShowRules.DueAt(appointment.SlotStartsAt, appointment.SlotDurationMinutes);
        var release = NoShowRules.CanReleaseSlot(appointment.AppointmentDate, slotEndsAt, startedAt, zone);
        if (release)
        {
            await GrainFactory.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(appointment.DoctorId, appointment.AppointmentDate))
                .Release(Id);
        }

        var completedAt = clock.GetUtcNow();
        var noShow = appointment with { Status = AppointmentStatus.NO_SHOW, UpdatedAt = completedAt };
        var next = State with
        {
            Appointment = noShow,
            NoShowDueAt = null,
            PatientNoShowOwed = new PatientNoShow(Id, startedAt, threshold),
            Version = State.Version + 1,
        };
        await SaveAsync(next,
            Row(noShow, next),
            NoShowRecords.Log(noShow, NoShowReason.AUTO_TIMEOUT, startedAt, release, createdBy: null),
            NoShowRecords.PatientNotification(noShow, completedAt),
            JobRuns.DeadlineHandled(JobRuns.NoShowDeadline, noShow.HospitalId, source, Id.ToString(), dueAt,
                startedAt, completedAt, itemsProcessed: 1));
        LogMarkedNoShow(Id, (startedAt - dueAt).TotalMilliseconds, source);
    }

    private async Task SettleOwedPatientNoShowAsync()
    {
        if (State.PatientNoShowOwed is not { } owed || State.Appointment is not { } appointment)
        {
            return;
        }
        await GrainFactory.GetGrain<IPatientGrain>(appointment.PatientId).RecordNoShow(owed);
        // Kept in memory only: the patient counts an appointment once, so replaying after a crash is harmless.
        SetInMemory(State with { PatientNoShowOwed = null });
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

    private Task ArmNoShowReminderAsync(DateTimeOffset dueAt)
    {
        var dueIn = dueAt - clock.GetUtcNow();
        return this.RegisterOrUpdateReminder(NoShowReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero,
            deadlineOptions.Value.RetryPeriod);
    }

    private async Task DisarmNoShowReminderAsync()
    {
        var reminder = await this.GetReminder(NoShowReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task CompensateFailedBookingAsync(IDoctorDayGrain day)
    {
        try
        {
            await day.Release(Id);
            await DisarmNoShowReminderAsync();
        }
        catch (Exception ex)
        {
            LogCompensationFailed(ex, Id);
        }
    }

    private async Task RecordFailedRunAsync(Exception error)
    {
        if (State.Appointment is not { } appointment)
        {
            return;
        }
        try
        {
            var now = clock.GetUtcNow();
            HmsMetrics.JobRun(JobRuns.NoShowDeadline, JobRuns.Failed);
            await ReadModel.WriteAsync([new JobRunRow(Guid.NewGuid(), JobRuns.NoShowDeadline, appointment.HospitalId,
                JobRuns.Failed, now, now, 0, 0, error.Message, JobRuns.Sources.Reminder, Id.ToString(),
                State.NoShowDueAt, null)]);
        }
        catch (Exception ex)
        {
            LogCompensationFailed(ex, Id);
        }
    }

    private static AppointmentRow Row(AppointmentView a, AppointmentState s) => new(a, s.NoShowDueAt, s.Version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appointment {AppointmentId} marked NO_SHOW, {LatenessMs} ms after its deadline (source {Source})")]
    private partial void LogMarkedNoShow(Guid appointmentId, double latenessMs, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the deadlines of appointment {AppointmentId} failed; the reminder retries")]
    private partial void LogHandlingFailed(Exception exception, Guid appointmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up for appointment {AppointmentId} failed")]
    private partial void LogCompensationFailed(Exception exception, Guid appointmentId);
}
