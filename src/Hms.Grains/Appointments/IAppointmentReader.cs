using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Appointments;

/// <summary>Port: appointments from the read model.</summary>
public interface IAppointmentReader
{
    /// <summary>A hospital's appointments; <paramref name="patientUserId"/> limits them to one patient user's records.</summary>
    Task<Page<AppointmentView>> ListAsync(string hospitalId, AppointmentFilter filter, string? patientUserId, CancellationToken cancellationToken = default);

    /// <summary>A doctor's SCHEDULED or CONFIRMED appointments dated from <paramref name="from"/> to <paramref name="to"/> (open-ended when null).</summary>
    Task<ImmutableArray<AppointmentView>> AwaitedForDoctorAsync(Guid doctorId, DateOnly from, DateOnly? to, CancellationToken cancellationToken = default);
}
