using Hms.Appointments;
using Hms.Common;

namespace Hms.NoShow;

/// <summary>Reads of NO_SHOW history across appointments, answered from the read model.</summary>
[Alias("Hms.INoShowQueryGrain")]
public interface INoShowQueryGrain : IGrainWithIntegerKey
{
    [Alias("GetLogs")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Receptionist)]
    Task<Page<NoShowLogView>> GetLogs(NoShowLogFilter filter, Caller caller);

    /// <summary>NO_SHOW rate over the appointments whose time has passed, by reason and by doctor, for a date range (default: the last 30 days).</summary>
    [Alias("GetStats")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<NoShowStats> GetStats(DateOnly? from, DateOnly? to, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.DoctorNoShowStats")]
public sealed record class DoctorNoShowStats(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] int Appointments,
    [property: Id(4)] int NoShows,
    [property: Id(5)] double NoShowRate);

[GenerateSerializer, Immutable, Alias("Hms.NoShowStats")]
public sealed record class NoShowStats(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateOnly To,
    [property: Id(2)] int Appointments,
    [property: Id(3)] int NoShows,
    [property: Id(4)] double NoShowRate,
    [property: Id(5)] System.Collections.Immutable.ImmutableDictionary<NoShowReason, int> ByReason,
    [property: Id(6)] System.Collections.Immutable.ImmutableArray<DoctorNoShowStats> ByDoctor);

[GenerateSerializer, Immutable, Alias("Hms.NoShowLogFilter")]
public sealed record class NoShowLogFilter(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] Guid? DoctorId,
    [property: Id(3)] Guid? PatientId,
    [property: Id(4)] NoShowReason? Reason,
    [property: Id(5)] Paging Paging);
