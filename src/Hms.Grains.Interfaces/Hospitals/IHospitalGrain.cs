using Hms.Common;

namespace Hms.Hospitals;

/// <summary>A hospital (a tenant). Keyed by its tenant id, the <c>tenant_id</c> claim of its users.</summary>
[Alias("Hms.IHospitalGrain")]
public interface IHospitalGrain : IGrainWithStringKey
{
    /// <summary>Registers the hospital. Only the caller's own tenant can be registered.</summary>
    [Alias("Register")]
    Task<HospitalView> Register(RegisterHospital command, Caller caller);

    [Alias("Get")]
    Task<HospitalView> Get(Caller caller);

    /// <summary>For other grains: the hospital, or null when it was never registered.</summary>
    [Alias("Find")]
    Task<HospitalView?> Find();
}

[GenerateSerializer, Immutable, Alias("Hms.RegisterHospital")]
public sealed record class RegisterHospital(
    [property: Id(0)] string Name,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] HospitalSettings? Settings);

/// <summary>Per-hospital rule settings (SPEC §3–5). Defaults are the seeds' numbers.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HospitalSettings")]
public sealed record class HospitalSettings(
    [property: Id(0)] int BookingHorizonDays = 30,
    [property: Id(1)] int NoShowBlockThreshold = 3,
    [property: Id(2)] int VitalsAlertBufferMinutes = 5,
    [property: Id(3)] int DoctorAlertBufferMinutes = 10,
    [property: Id(4)] int WaitingTooLongMinutes = 45,
    [property: Id(5)] int SlotGenerationDays = 30)
{
    public static HospitalSettings Default { get; } = new();
}

[GenerateSerializer, Immutable, Alias("Hms.HospitalView")]
public sealed record class HospitalView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] HospitalSettings Settings,
    [property: Id(4)] DateTimeOffset CreatedAt);
