using Hms.ReadModel;

namespace Hms.Doctors;

/// <summary>
/// Cancels the doctor's SCHEDULED/CONFIRMED appointments from <paramref name="From"/> (to
/// <paramref name="To"/>), optionally only those an absence covers. Saved before it runs, so a crash
/// mid-way resumes; cancelling an appointment twice is a no-op.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.CancelDoctorAppointments")]
public sealed record class CancelDoctorAppointments(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] Guid? AbsenceId,
    [property: Id(3)] DoctorCancellation Cancellation) : Effect;
