using Hms.Patients;
using Hms.ReadModel;

namespace Hms.Appointments;

/// <summary>Frees a slot the appointment held in a doctor's day.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReleaseSlot")]
public sealed record class ReleaseSlot(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly StartTime) : Effect;

/// <summary>Frees the date and time the appointment held for its patient.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReleasePatientTime")]
public sealed record class ReleasePatientTime([property: Id(0)] Guid PatientId) : Effect;

/// <summary>Counts a NO_SHOW on the patient (who may become BLOCKED).</summary>
[GenerateSerializer, Immutable, Alias("Hms.RecordPatientNoShow")]
public sealed record class RecordPatientNoShow(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] PatientNoShow NoShow) : Effect;
