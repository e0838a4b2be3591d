using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Patients;

/// <summary>A patient of one hospital: identity, booked times, no-show count and booking block.</summary>
[Alias("Hms.IPatientGrain")]
public interface IPatientGrain : IGrainWithGuidKey
{
    [Alias("Register")]
    [Allows(Roles.HospitalAdmin, Roles.Receptionist, Roles.Nurse, Roles.Doctor)]
    Task<PatientView> Register(RegisterPatient command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.Anyone)]
    Task<PatientView> Get(Caller caller);

    /// <summary>For other grains: the patient, or null when never registered.</summary>
    [Alias("Find"), AlwaysInterleave]
    Task<PatientView?> Find();

    /// <summary>
    /// Counts one NO_SHOW of an appointment, blocks the patient at the hospital's threshold and frees
    /// the appointment's date and time for the patient, in one write. Idempotent per appointment: a
    /// repeated call changes nothing.
    /// </summary>
    [Alias("RecordNoShow")]
    Task<PatientView> RecordNoShow(PatientNoShow noShow);

    /// <summary>Lifts a block (HOSPITAL_ADMIN); the no-show count starts again from zero.</summary>
    [Alias("Unblock")]
    [Allows(Roles.HospitalAdmin)]
    Task<PatientView> Unblock(Caller caller);

    /// <summary>Whether another appointment of the patient already holds this date and time.</summary>
    [Alias("IsBookedAt"), AlwaysInterleave]
    Task<bool> IsBookedAt(DateOnly date, TimeOnly time, Guid exceptAppointmentId);

    /// <summary>
    /// Holds a date and time for an appointment, atomically: a patient never holds two appointments
    /// at the same date and time. Idempotent per appointment; moving a hold replaces it.
    /// </summary>
    [Alias("HoldTime")]
    Task HoldTime(Guid appointmentId, DateOnly date, TimeOnly time);

    /// <summary>Frees the time an appointment held (cancelled, finished, missed). Idempotent.</summary>
    [Alias("ReleaseTime")]
    Task ReleaseTime(Guid appointmentId);
}

[GenerateSerializer, Immutable, Alias("Hms.RegisterPatient")]
public sealed record class RegisterPatient(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] string Mrn,
    [property: Id(3)] string? Phone,
    [property: Id(4)] string? Email,
    [property: Id(5)] string? UserId);

[GenerateSerializer, Immutable, Alias("Hms.PatientNoShow")]
public sealed record class PatientNoShow(
    [property: Id(0)] Guid AppointmentId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] int BlockThreshold);

public enum PatientStatus
{
    ACTIVE,
    BLOCKED,
}

[GenerateSerializer, Immutable, Alias("Hms.PatientView")]
public sealed record class PatientView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] string Mrn,
    [property: Id(5)] string? Phone,
    [property: Id(6)] string? Email,
    [property: Id(7)] string? UserId,
    [property: Id(8)] PatientStatus Status,
    [property: Id(9)] int NoShowCount,
    [property: Id(10)] DateTimeOffset? BlockedAt,
    [property: Id(11)] string? BlockedReason,
    [property: Id(12)] DateTimeOffset CreatedAt);

/// <summary>
/// One medical record number of one hospital; it belongs to at most one patient.
/// Key: <c>{hospitalId}/{mrn}</c>.
/// </summary>
[Alias("Hms.IMedicalRecordNumberGrain")]
public interface IMedicalRecordNumberGrain : IGrainWithStringKey
{
    /// <summary>Claims the number for a patient; false when another patient has it.</summary>
    [Alias("Claim")]
    Task<bool> Claim(Guid patientId);

    [Alias("Release")]
    Task Release(Guid patientId);
}
