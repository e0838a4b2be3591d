using Hms.Appointments;

namespace Hms.Api.Appointments;

public sealed record PersonName(string FirstName, string LastName);

public sealed record AlertPatient(string FirstName, string LastName, string Mrn);

public sealed record AlertDoctor(PersonName User);

/// <summary>A stage alert of an appointment; on the board with its patient's and doctor's names.</summary>
public sealed record AlertResponse(Guid Id, Guid AppointmentId, string AlertType, string Status, string Message,
    DateTimeOffset TriggeredAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt,
    string? ResolvedBy, AlertPatient? Patient, AlertDoctor? Doctor)
{
    public static AlertResponse From(StageAlertView a, AlertPatient? patient = null, AlertDoctor? doctor = null) =>
        new(a.Id, a.AppointmentId, a.Type.ToString(), a.Status.ToString(), a.Message, a.TriggeredAt, a.AcknowledgedAt,
            a.AcknowledgedBy, a.ResolvedAt, a.ResolvedBy, patient, doctor);
}
