namespace Hms.Appointments;

public enum StageAlertType
{
    NO_VITALS,
    NO_DOCTOR,
    WAITING_TOO_LONG,
}

public enum StageAlertStatus
{
    ACTIVE,
    ACKNOWLEDGED,
    RESOLVED,
}

/// <summary>A waiting-room alert of one appointment: one per type, ACTIVE → ACKNOWLEDGED → RESOLVED.</summary>
[GenerateSerializer, Immutable, Alias("Hms.StageAlertView")]
public sealed record class StageAlertView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid AppointmentId,
    [property: Id(2)] StageAlertType Type,
    [property: Id(3)] StageAlertStatus Status,
    [property: Id(4)] string Message,
    [property: Id(5)] DateTimeOffset TriggeredAt,
    [property: Id(6)] DateTimeOffset? AcknowledgedAt,
    [property: Id(7)] string? AcknowledgedBy,
    [property: Id(8)] DateTimeOffset? ResolvedAt,
    [property: Id(9)] string? ResolvedBy);
