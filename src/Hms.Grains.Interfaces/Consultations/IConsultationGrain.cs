using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Consultations;

/// <summary>
/// The consultation of one appointment: STARTED → IN_PROGRESS → COMPLETED | ABANDONED. Keyed by the appointment's id: an
/// appointment has at most one consultation. Completing it completes the appointment as well.
/// </summary>
[Alias("Hms.IConsultationGrain")]
public interface IConsultationGrain : IGrainWithGuidKey
{
    /// <summary>The doctor opens the consultation: STARTED, and the appointment becomes IN_PROGRESS.</summary>
    [Alias("Start")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<ConsultationView> Start(string? chiefComplaint, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<ConsultationView> Get(Caller caller);

    /// <summary>For other grains: the consultation, or null when none was started.</summary>
    [Alias("Find"), Orleans.Concurrency.AlwaysInterleave]
    Task<ConsultationView?> Find();

    /// <summary>Records findings: the consultation is IN_PROGRESS from its first update.</summary>
    [Alias("Update")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<ConsultationView> Update(UpdateConsultation update, Caller caller);

    /// <summary>Needs a chief complaint and at least one diagnosis; completes the appointment in the same step.</summary>
    [Alias("Complete")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<ConsultationView> Complete(Caller caller);

    [Alias("Abandon")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<ConsultationView> Abandon(string? reason, Caller caller);

    /// <summary>Adds another doctor (not on a finished consultation, not twice, not the primary); they are notified HIGH.</summary>
    [Alias("AddParticipant")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<ConsultationView> AddParticipant(Guid doctorId, ParticipantRole role, Caller caller);
}

public enum ConsultationStatus
{
    STARTED,
    IN_PROGRESS,
    COMPLETED,
    ABANDONED,
}

public enum ParticipantRole
{
    PRIMARY,
    CONSULTING,
    ASSISTING,
    SUPERVISING,
}

[GenerateSerializer, Immutable, Alias("Hms.UpdateConsultation")]
public sealed record class UpdateConsultation(
    [property: Id(0)] string? ChiefComplaint,
    [property: Id(1)] ImmutableArray<Diagnosis>? Diagnoses,
    [property: Id(2)] string? Notes);

[GenerateSerializer, Immutable, Alias("Hms.Diagnosis")]
public sealed record class Diagnosis(
    [property: Id(0)] string? Code,
    [property: Id(1)] string Description);

[GenerateSerializer, Immutable, Alias("Hms.Participant")]
public sealed record class Participant(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] ParticipantRole Role,
    [property: Id(2)] DateTimeOffset AddedAt,
    [property: Id(3)] string AddedBy);

[GenerateSerializer, Immutable, Alias("Hms.ConsultationView")]
public sealed record class ConsultationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid AppointmentId,
    [property: Id(2)] string HospitalId,
    [property: Id(3)] Guid PatientId,
    [property: Id(4)] Guid PrimaryDoctorId,
    [property: Id(5)] ConsultationStatus Status,
    [property: Id(6)] string? ChiefComplaint,
    [property: Id(7)] ImmutableArray<Diagnosis> Diagnoses,
    [property: Id(8)] string? Notes,
    [property: Id(9)] ImmutableArray<Participant> Participants,
    [property: Id(10)] DateTimeOffset StartedAt,
    [property: Id(11)] DateTimeOffset? CompletedAt,
    [property: Id(12)] DateTimeOffset? AbandonedAt,
    [property: Id(13)] string? AbandonReason);
