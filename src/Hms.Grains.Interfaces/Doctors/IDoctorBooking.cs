using Hms.Notifications;

namespace Hms.Doctors;

/// <summary>
/// An appointment booked with a doctor, as a change on the doctor's side sees it (implemented by the
/// appointment's grain; same key). The doctor's grain cancels through it without knowing appointments.
/// </summary>
[Alias("Hms.IDoctorBooking")]
public interface IDoctorBooking : IGrainWithGuidKey
{
    /// <summary>
    /// Cancelled because of the doctor (unavailable, emergency absence): releases the slot and tells
    /// the patient. False when the appointment was no longer SCHEDULED or CONFIRMED. Idempotent.
    /// </summary>
    [Alias("CancelForDoctor")]
    Task<bool> CancelForDoctor(DoctorCancellation cancellation);
}

/// <summary>Why the doctor's side cancelled, and what the patient is told.</summary>
[GenerateSerializer, Immutable, Alias("Hms.DoctorCancellation")]
public sealed record class DoctorCancellation(
    [property: Id(0)] string Note,
    [property: Id(1)] string NotificationType,
    [property: Id(2)] string NotificationTitle,
    [property: Id(3)] string NotificationMessage,
    [property: Id(4)] Priority Priority);
