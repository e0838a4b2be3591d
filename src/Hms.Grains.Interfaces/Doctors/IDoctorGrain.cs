using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Doctors;

/// <summary>A doctor of one hospital, with the weekly schedule their slots come from.</summary>
[Alias("Hms.IDoctorGrain")]
public interface IDoctorGrain : IGrainWithGuidKey
{
    [Alias("Register")]
    Task<DoctorView> Register(RegisterDoctor command, Caller caller);

    [Alias("Get")]
    Task<DoctorView> Get(Caller caller);

    /// <summary>For other grains: the doctor, or null when never registered.</summary>
    [Alias("Find")]
    Task<DoctorView?> Find();
}

[GenerateSerializer, Immutable, Alias("Hms.RegisterDoctor")]
public sealed record class RegisterDoctor(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] string? Specialization,
    [property: Id(3)] int SlotDurationMinutes,
    [property: Id(4)] int MaxPatientsPerDay,
    [property: Id(5)] ImmutableArray<WeeklySchedule> Schedules);

/// <summary>One working day of the week: start to end, with an optional break (wall-clock, hospital zone).</summary>
[GenerateSerializer, Immutable, Alias("Hms.WeeklySchedule")]
public sealed record class WeeklySchedule(
    [property: Id(0)] DayOfWeek DayOfWeek,
    [property: Id(1)] TimeOnly StartTime,
    [property: Id(2)] TimeOnly EndTime,
    [property: Id(3)] TimeOnly? BreakStart,
    [property: Id(4)] TimeOnly? BreakEnd,
    [property: Id(5)] bool IsActive = true);

[GenerateSerializer, Immutable, Alias("Hms.DoctorView")]
public sealed record class DoctorView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] string? Specialization,
    [property: Id(5)] int SlotDurationMinutes,
    [property: Id(6)] int MaxPatientsPerDay,
    [property: Id(7)] bool IsAvailable,
    [property: Id(8)] bool IsActive,
    [property: Id(9)] ImmutableArray<WeeklySchedule> Schedules,
    [property: Id(10)] DateTimeOffset CreatedAt);

/// <summary>Bounds of a doctor's settings, shared by the API's checks and the grain's rules.</summary>
public static class DoctorLimits
{
    public const int MinSlotDurationMinutes = 1;
    public const int MaxSlotDurationMinutes = 480;
    public const int MaxPatientsPerDay = 10_000;
}
