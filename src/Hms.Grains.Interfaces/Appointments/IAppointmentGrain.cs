using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.Appointments;

/// <summary>
/// One appointment and its lifecycle. Holds its own deadlines — NO_SHOW at the end of its slot, and
/// once the patient has checked in the stage alerts (no vitals, no doctor, waiting too long) — as
/// durable reminders; every change of its state re-arms or disarms them.
/// </summary>
[Alias("Hms.IAppointmentGrain")]
public interface IAppointmentGrain : IGrainWithGuidKey
{
    /// <summary>Books a slot after the 14 booking validations, in order (<c>BookingCheck</c>); the first rule broken is the answer.</summary>
    [Alias("Book")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<AppointmentView> Book(BookAppointment command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<AppointmentView> Get(Caller caller);

    /// <summary>
    /// Moves the appointment to another slot, re-validated. The new slot is taken before the old one
    /// is released, so a refusal leaves the original booking intact; the NO_SHOW deadline moves too.
    /// </summary>
    [Alias("Reschedule")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<AppointmentView> Reschedule(RescheduleAppointment command, Caller caller);

    /// <summary>Moves the status forward (409 <c>invalid_status_transition</c> otherwise).</summary>
    [Alias("ChangeStatus")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<AppointmentView> ChangeStatus(AppointmentStatus status, string? notes, Caller caller);

    /// <summary>Cancels and releases the slot.</summary>
    [Alias("Cancel")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<AppointmentView> Cancel(string? reason, Caller caller);

    /// <summary>
    /// Staff mark the appointment NO_SHOW (MANUAL_STAFF, MANUAL_DOCTOR, PATIENT_CALLED). The slot is
    /// released when its date is in the future, or today with at least 5 minutes of it left.
    /// </summary>
    [Alias("MarkNoShow")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<NoShowResult> MarkNoShow(NoShowReason reason, string? notes, Caller caller);

    [Alias("CheckIn")]
    [Allows(Roles.HospitalAdmin, Roles.Receptionist, Roles.Nurse)]
    Task<AppointmentView> CheckIn(Caller caller);

    [Alias("RecordVitals")]
    [Allows(Roles.HospitalAdmin, Roles.Nurse, Roles.Doctor)]
    Task<AppointmentView> RecordVitals(Vitals vitals, Caller caller);

    /// <summary>The consultation of this appointment started: IN_PROGRESS. Idempotent.</summary>
    [Alias("BeginConsultation")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<AppointmentView> BeginConsultation(Caller caller);

    /// <summary>The consultation of this appointment completed: COMPLETED. Idempotent.</summary>
    [Alias("CompleteConsultation")]
    Task<AppointmentView> CompleteConsultation();

    /// <summary>The consultation was abandoned: the appointment stays IN_PROGRESS and may be completed directly. Idempotent.</summary>
    [Alias("EndConsultation")]
    Task EndConsultation();

    /// <summary>Staff saw the alert: ACTIVE → ACKNOWLEDGED (409 otherwise).</summary>
    [Alias("AcknowledgeAlert")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse)]
    Task<StageAlertView> AcknowledgeAlert(Guid alertId, Caller caller);

    /// <summary>Staff resolved the alert's cause: ACTIVE or ACKNOWLEDGED → RESOLVED (409 otherwise).</summary>
    [Alias("ResolveAlert")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse)]
    Task<StageAlertView> ResolveAlert(Guid alertId, Caller caller);

    /// <summary>
    /// The patient answers a reminder (<see cref="IReminderReplyGrain"/> checked the link or the gateway):
    /// CONFIRM moves SCHEDULED to CONFIRMED, CANCEL cancels and releases the slot. A link's expiry must be
    /// the current slot start (410 <c>link_outdated</c> once moved) and a link works once (410 <c>link_used</c>).
    /// With <paramref name="apply"/> false, only what it would do.
    /// </summary>
    [Alias("AnswerReminder")]
    Task<ReminderReply> AnswerReminder(ReminderAction action, ReplyChannel via, DateTimeOffset? linkExpiresAt, bool apply);

    /// <summary>
    /// Handles every deadline of this appointment that is due and unhandled (the reconcile pass's poke).
    /// Returns how many were handled; 0 when nothing was due.
    /// </summary>
    [Alias("HandleDueDeadlines")]
    Task<int> HandleDueDeadlines(RunSource source);
}

[GenerateSerializer, Immutable, Alias("Hms.BookAppointment")]
public sealed record class BookAppointment(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] Guid DoctorId,
    [property: Id(2)] DateOnly AppointmentDate,
    [property: Id(3)] TimeOnly StartTime,
    [property: Id(4)] string? Reason,
    // The waitlist offer whose held slot this books (src/Hms.Grains/Waitlist/); null for an ordinary booking.
    [property: Id(5)] Guid? OfferId = null);

/// <summary>A new date and time, with the same doctor unless another is named.</summary>
[GenerateSerializer, Immutable, Alias("Hms.RescheduleAppointment")]
public sealed record class RescheduleAppointment(
    [property: Id(0)] DateOnly AppointmentDate,
    [property: Id(1)] TimeOnly StartTime,
    [property: Id(2)] Guid? DoctorId);

[GenerateSerializer, Immutable, Alias("Hms.Vitals")]
public sealed record class Vitals(
    [property: Id(0)] int? SystolicBp,
    [property: Id(1)] int? DiastolicBp,
    [property: Id(2)] int? HeartRate,
    [property: Id(3)] decimal? TemperatureC,
    [property: Id(4)] int? RespiratoryRate,
    [property: Id(5)] int? OxygenSaturation,
    [property: Id(6)] decimal? WeightKg,
    [property: Id(7)] string? Notes);

public enum AppointmentStatus
{
    SCHEDULED,
    CONFIRMED,
    CHECKED_IN,
    IN_PROGRESS,
    COMPLETED,
    NO_SHOW,
    CANCELLED,
}

[GenerateSerializer, Immutable, Alias("Hms.AppointmentView")]
public sealed record class AppointmentView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid PatientId,
    [property: Id(3)] Guid DoctorId,
    [property: Id(4)] DateOnly AppointmentDate,
    [property: Id(5)] TimeOnly StartTime,
    [property: Id(6)] TimeOnly EndTime,
    [property: Id(7)] int SlotDurationMinutes,
    [property: Id(8)] AppointmentStatus Status,
    [property: Id(9)] DateTimeOffset SlotStartsAt,
    [property: Id(10)] DateTimeOffset NoShowDueAt,
    [property: Id(11)] DateTimeOffset? CheckedInAt,
    [property: Id(12)] DateTimeOffset? VitalsRecordedAt,
    [property: Id(13)] string? Reason,
    [property: Id(14)] string? Notes,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset UpdatedAt,
    [property: Id(17)] Vitals? Vitals,
    [property: Id(18)] DateTimeOffset? CancelledAt,
    [property: Id(19)] DateTimeOffset? CompletedAt,
    [property: Id(20)] ImmutableArray<StageAlertView> Alerts,
    // When the first reminder went out (null: none yet), and the patient's answer to the reminders.
    [property: Id(21)] DateTimeOffset? RemindedAt = null,
    [property: Id(22)] ReminderAnswer? ReminderAnswer = null);

/// <summary>Lists of appointments across the hospital, answered from the read model.</summary>
[Alias("Hms.IAppointmentQueryGrain")]
public interface IAppointmentQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<Page<AppointmentView>> List(AppointmentFilter filter, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.AppointmentFilter")]
public sealed record class AppointmentFilter(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] Guid? DoctorId,
    [property: Id(3)] Guid? PatientId,
    [property: Id(4)] AppointmentStatus? Status,
    [property: Id(5)] Paging Paging);
