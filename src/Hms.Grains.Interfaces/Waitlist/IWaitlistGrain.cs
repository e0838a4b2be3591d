using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Scheduling;

namespace Hms.Waitlist;

/// <summary>
/// One doctor's waitlist (keyed by the doctor's id). Patients wait for a date range; when a slot of the
/// doctor is freed (<see cref="ISlotRefill.SlotFreed"/>), the first patient in line — earliest fromDate, then
/// earliest registration — is offered it, and the slot is held for them until the offer expires (the
/// hospital's <c>waitlistOfferMinutes</c>, a deadline of this grain). Expiry or decline offers it to the
/// next in line; a slot is offered to one patient at a time.
/// </summary>
[Alias("Hms.IWaitlistGrain")]
public interface IWaitlistGrain : ISlotRefill
{
    /// <summary>Puts a patient on the list (a patient only themselves): 409 <c>already_waitlisted</c> when already waiting.</summary>
    [Alias("Join")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<WaitlistEntryView> Join(JoinWaitlist command, Caller caller);

    /// <summary>Takes the entry off the list; an open offer of it is withdrawn and goes to the next in line. Idempotent.</summary>
    [Alias("Leave")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<WaitlistEntryView> Leave(Guid entryId, Caller caller);

    /// <summary>The entries and offers (a patient sees only their own).</summary>
    [Alias("List")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<WaitlistView> List(Caller caller);

    /// <summary>
    /// Books the offered slot through the normal booking validations: 410 <c>offer_expired</c>, 409
    /// <c>offer_not_open</c>; a refused booking leaves the offer open and answers the booking's problem.
    /// </summary>
    [Alias("Accept")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<AppointmentView> Accept(Guid offerId, Caller caller);

    /// <summary>Declines the offer: the slot goes to the next in line; the entry keeps waiting.</summary>
    [Alias("Decline")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist, Roles.Patient)]
    Task<WaitlistOfferView> Decline(Guid offerId, Caller caller);
}

/// <summary>A patient waiting for a slot of the grain's doctor between two dates (inclusive).</summary>
[GenerateSerializer, Immutable, Alias("Hms.JoinWaitlist")]
public sealed record class JoinWaitlist(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] DateOnly FromDate,
    [property: Id(2)] DateOnly ToDate);

public enum WaitlistEntryStatus
{
    WAITING,
    BOOKED,
    LEFT,
}

public enum WaitlistOfferStatus
{
    OPEN,
    ACCEPTED,
    DECLINED,
    EXPIRED,
    WITHDRAWN,
}

[GenerateSerializer, Immutable, Alias("Hms.WaitlistEntryView")]
public sealed record class WaitlistEntryView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid DoctorId,
    [property: Id(3)] Guid PatientId,
    [property: Id(4)] DateOnly FromDate,
    [property: Id(5)] DateOnly ToDate,
    [property: Id(6)] DateTimeOffset RegisteredAt,
    [property: Id(7)] WaitlistEntryStatus Status,
    [property: Id(8)] DateTimeOffset? EndedAt = null);

/// <summary>A freed slot offered to one waitlisted patient, held for them until <see cref="ExpiresAt"/> while OPEN.</summary>
[GenerateSerializer, Immutable, Alias("Hms.WaitlistOfferView")]
public sealed record class WaitlistOfferView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid EntryId,
    [property: Id(2)] Guid DoctorId,
    [property: Id(3)] Guid PatientId,
    [property: Id(4)] DateOnly Date,
    [property: Id(5)] TimeOnly StartTime,
    [property: Id(6)] int SlotDurationMinutes,
    [property: Id(7)] DateTimeOffset OfferedAt,
    [property: Id(8)] DateTimeOffset ExpiresAt,
    [property: Id(9)] WaitlistOfferStatus Status,
    [property: Id(10)] Guid? AppointmentId = null,
    [property: Id(11)] DateTimeOffset? AnsweredAt = null);

[GenerateSerializer, Immutable, Alias("Hms.WaitlistView")]
public sealed record class WaitlistView(
    [property: Id(0)] ImmutableArray<WaitlistEntryView> Entries,
    [property: Id(1)] ImmutableArray<WaitlistOfferView> Offers);
