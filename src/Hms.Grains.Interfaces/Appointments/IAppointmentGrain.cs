using Hms.Common;

namespace Hms.Appointments;

/// <summary>
/// One appointment. Holds its own deadlines (NO_SHOW now; stage alerts later) as durable reminders.
/// </summary>
[Alias("Hms.IAppointmentGrain")]
public interface IAppointmentGrain : IGrainWithGuidKey
{
    [Alias("Book")]
    Task<AppointmentView> Book(BookAppointment command, Caller caller);

    [Alias("Get")]
    Task<AppointmentView> Get(Caller caller);

    /// <summary>
    /// Handles every deadline of this appointment that is due and unhandled (the reconcile pass's poke).
    /// Returns how many were handled; 0 when nothing was due.
    /// </summary>
    [Alias("HandleDueDeadlines")]
    Task<int> HandleDueDeadlines(string source);
}

[GenerateSerializer, Immutable, Alias("Hms.BookAppointment")]
public sealed record class BookAppointment(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] Guid DoctorId,
    [property: Id(2)] DateOnly AppointmentDate,
    [property: Id(3)] TimeOnly StartTime,
    [property: Id(4)] string? Reason);

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
    [property: Id(16)] DateTimeOffset UpdatedAt);
