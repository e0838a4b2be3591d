using Hms.Common;

namespace Hms.Appointments;

/// <summary>Port: appointments from the read model.</summary>
public interface IAppointmentReader
{
    /// <summary>A hospital's appointments; <paramref name="patientUserId"/> limits them to one patient user's records.</summary>
    Task<Page<AppointmentView>> ListAsync(string hospitalId, AppointmentFilter filter, string? patientUserId, CancellationToken cancellationToken = default);
}

/// <summary>Port: whom an SMS reply is about.</summary>
public interface IReminderReplyReader
{
    /// <summary>
    /// The earliest appointment still to come, awaited and already reminded, of a patient whose phone has these
    /// digits (any hospital: the gateway is shared); null when there is none.
    /// </summary>
    Task<Guid?> NextRemindedAsync(string phoneDigits, DateTimeOffset now, CancellationToken cancellationToken = default);
}
