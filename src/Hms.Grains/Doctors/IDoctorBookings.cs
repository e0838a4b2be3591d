using System.Collections.Immutable;

namespace Hms.Doctors;

/// <summary>An appointment booked with a doctor, as the doctor's changes see it.</summary>
public sealed record Booking(Guid AppointmentId, string HospitalId, Guid PatientId, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime)
{
    public string Key => AppointmentId.ToString();
}

/// <summary>
/// Port (kept by the appointments' read model): the appointments booked with a doctor that still await
/// their patient, which a change of the doctor's settings, schedule or absences may touch.
/// </summary>
public interface IDoctorBookings
{
    /// <summary>SCHEDULED or CONFIRMED appointments of the doctor dated from <paramref name="from"/> to <paramref name="to"/> (open-ended when null).</summary>
    Task<ImmutableArray<Booking>> AwaitedAsync(Guid doctorId, DateOnly from, DateOnly? to, CancellationToken cancellationToken = default);
}
