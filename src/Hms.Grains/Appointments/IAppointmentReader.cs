using Hms.Common;

namespace Hms.Appointments;

/// <summary>Port: appointments from the read model.</summary>
public interface IAppointmentReader
{
    /// <summary>A hospital's appointments; <paramref name="patientUserId"/> limits them to one patient user's records.</summary>
    Task<Page<AppointmentView>> ListAsync(string hospitalId, AppointmentFilter filter, string? patientUserId, CancellationToken cancellationToken = default);
}
