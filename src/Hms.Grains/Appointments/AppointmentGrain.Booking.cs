using Hms.Common;
using Hms.Patients;
using Microsoft.Extensions.Logging;

namespace Hms.Appointments;

/// <summary>
/// Booking and moving an appointment: steps across grains (the doctor's day, the patient), ordered so
/// a failure leaves nothing half-done — the slot is taken first, and every step taken is undone if a
/// later one fails.
/// </summary>
public sealed partial class AppointmentGrain
{
    public async Task<AppointmentView> Book(BookAppointment command, Caller caller)
    {
        if (State.Appointment is not null)
        {
            throw Errors.Conflict("appointment_exists", "This appointment already exists.");
        }
        var booking = await BookingCheck.RunAsync(GrainFactory, command, caller, Now, Id);
        var day = Day(command.DoctorId, command.AppointmentDate);
        await day.Reserve(command.StartTime, Id, command.OfferId);
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
                RemindersFrom = Now,
                Version = 1,
            };
            // The save arms the NO_SHOW reminder before it writes the state that needs it: a crash in
            // between leaves a reminder on an empty grain (dropped at its first tick), never a silent deadline.
            await CommitAsync(next, [new AppointmentRow(appointment, next.Version)], []);
            return appointment;
        }
        catch
        {
            await UndoAsync(() => patient.ReleaseTime(Id), () => day.Release(command.StartTime, Id),
                () => DisarmAsync(AppointmentDeadlines.NoShow), () => DisarmAsync(AppointmentDeadlines.Reminder));
            throw;
        }
    }

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
            // The reminders are planned afresh for the new time, from now: those whose offset has passed are skipped.
            return await CommitChangeAsync(moved, [], [new ReleaseSlot(current.DoctorId, current.AppointmentDate, current.StartTime)],
                State with { RemindersFrom = Now, RemindedThrough = null });
        }
        catch
        {
            var reminder = Pending.TryGetValue(AppointmentDeadlines.Reminder, out var at) ? at : (DateTimeOffset?)null;
            await UndoAsync(() => patient.HoldTime(Id, current.AppointmentDate, current.StartTime),
                () => newDay.Release(command.StartTime, Id), () => ArmAsync(AppointmentDeadlines.NoShow, current.NoShowDueAt),
                () => reminder is { } due ? ArmAsync(AppointmentDeadlines.Reminder, due) : DisarmAsync(AppointmentDeadlines.Reminder));
            throw;
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up for appointment {AppointmentId} failed")]
    private partial void LogCompensationFailed(Exception exception, Guid appointmentId);
}
