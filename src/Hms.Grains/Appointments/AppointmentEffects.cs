using Hms.Patients;
using Hms.ReadModel;
using Hms.Scheduling;

namespace Hms.Appointments;

/// <summary>
/// Frees a slot the appointment held in a doctor's day — the one place an appointment lets a slot go
/// (cancellation, NO_SHOW release, reschedule) — and tells the doctor's waitlist, which may offer it to the
/// next patient in line. A retry tells it again; it offers a slot once.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReleaseSlot")]
public sealed record class ReleaseSlot(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly StartTime) : Effect
{
    public override async Task ApplyAsync(IGrainFactory grains, GrainId owner)
    {
        await grains.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(DoctorId, Date)).Release(StartTime, owner.GetGuidKey());
        await grains.GetGrain<ISlotRefill>(DoctorId).SlotFreed(Date, StartTime);
    }
}

/// <summary>Frees the date and time the appointment held for its patient.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReleasePatientTime")]
public sealed record class ReleasePatientTime([property: Id(0)] Guid PatientId) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) =>
        grains.GetGrain<IPatientGrain>(PatientId).ReleaseTime(owner.GetGuidKey());
}

/// <summary>Counts a NO_SHOW on the patient (who may become BLOCKED) and frees the patient's time, in one patient write.</summary>
[GenerateSerializer, Immutable, Alias("Hms.RecordPatientNoShow")]
public sealed record class RecordPatientNoShow(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] PatientNoShow NoShow) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) => grains.GetGrain<IPatientGrain>(PatientId).RecordNoShow(NoShow);
}
