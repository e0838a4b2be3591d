namespace Hms.Appointments;

/// <summary>Why an appointment became NO_SHOW: its deadline passed, or staff marked it.</summary>
public enum NoShowReason
{
    AUTO_TIMEOUT,
    MANUAL_STAFF,
    MANUAL_DOCTOR,
    PATIENT_CALLED,
}

/// <summary>A NO_SHOW record (the NoShowLog clients know): what was missed, when it was marked, whether the slot was released.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NoShowLogView")]
public sealed record class NoShowLogView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid AppointmentId,
    [property: Id(3)] Guid PatientId,
    [property: Id(4)] Guid DoctorId,
    [property: Id(5)] NoShowReason Reason,
    [property: Id(6)] DateOnly AppointmentDate,
    [property: Id(7)] string SlotTime,
    [property: Id(8)] int TimeoutMinutes,
    [property: Id(9)] DateTimeOffset TriggeredAt,
    [property: Id(10)] bool SlotReleased,
    [property: Id(11)] DateTimeOffset? SlotReleasedAt,
    [property: Id(12)] bool NotificationSent,
    [property: Id(13)] string? Notes,
    [property: Id(14)] string? CreatedBy);

/// <summary>A NO_SHOW marked by staff: the appointment and its log.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NoShowResult")]
public sealed record class NoShowResult(
    [property: Id(0)] AppointmentView Appointment,
    [property: Id(1)] NoShowLogView Log);
