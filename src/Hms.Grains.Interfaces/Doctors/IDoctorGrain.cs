using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Doctors;

/// <summary>A doctor of one hospital: settings, weekly schedule and absences, the inputs of their slots.</summary>
[Alias("Hms.IDoctorGrain")]
public interface IDoctorGrain : IGrainWithGuidKey
{
    [Alias("Register")]
    [Allows(Roles.HospitalAdmin)]
    Task<DoctorView> Register(RegisterDoctor command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.Anyone)]
    Task<DoctorView> Get(Caller caller);

    /// <summary>For other grains: the doctor, or null when never registered.</summary>
    [Alias("Find"), AlwaysInterleave]
    Task<DoctorView?> Find();

    /// <summary>
    /// Changes settings. Becoming unavailable or inactive cancels every future SCHEDULED/CONFIRMED
    /// appointment; a new slot duration finds the appointments no longer on a valid slot.
    /// </summary>
    [Alias("Update")]
    [Allows(Roles.HospitalAdmin)]
    Task<DoctorUpdateResult> Update(UpdateDoctor command, Caller caller);

    /// <summary>Replaces the weekly schedule; appointments no longer on a valid slot are reported and their patients notified.</summary>
    [Alias("SetSchedules")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<ScheduleUpdateResult> SetSchedules(ImmutableArray<WeeklySchedule> schedules, Caller caller);

    [Alias("AddAbsence")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<AbsenceResult> AddAbsence(NewAbsence absence, Caller caller);

    [Alias("UpdateAbsence")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<AbsenceResult> UpdateAbsence(Guid absenceId, NewAbsence absence, Caller caller);

    /// <summary>Cancels an absence; its slots become bookable again.</summary>
    [Alias("CancelAbsence")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<Absence> CancelAbsence(Guid absenceId, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.RegisterDoctor")]
public sealed record class RegisterDoctor(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] string? Specialization,
    [property: Id(3)] int SlotDurationMinutes,
    [property: Id(4)] int MaxPatientsPerDay,
    [property: Id(5)] ImmutableArray<WeeklySchedule> Schedules,
    [property: Id(6)] string? UserId = null);

/// <summary>A change to a doctor: fields left null keep their value; <see cref="UserId"/> "" unlinks the doctor's user.</summary>
[GenerateSerializer, Immutable, Alias("Hms.UpdateDoctor")]
public sealed record class UpdateDoctor(
    [property: Id(0)] string? FirstName,
    [property: Id(1)] string? LastName,
    [property: Id(2)] string? Specialization,
    [property: Id(3)] int? SlotDurationMinutes,
    [property: Id(4)] int? MaxPatientsPerDay,
    [property: Id(5)] bool? IsAvailable,
    [property: Id(6)] bool? IsActive,
    [property: Id(7)] string? UserId = null);

/// <summary>One working day of the week: start to end, with an optional break (wall-clock, hospital zone).</summary>
[GenerateSerializer, Immutable, Alias("Hms.WeeklySchedule")]
public sealed record class WeeklySchedule(
    [property: Id(0)] DayOfWeek DayOfWeek,
    [property: Id(1)] TimeOnly StartTime,
    [property: Id(2)] TimeOnly EndTime,
    [property: Id(3)] TimeOnly? BreakStart,
    [property: Id(4)] TimeOnly? BreakEnd,
    [property: Id(5)] bool IsActive = true);

public enum AbsenceType
{
    ANNUAL_LEAVE,
    SICK_LEAVE,
    CONFERENCE,
    TRAINING,
    PERSONAL,
    EMERGENCY,
    OTHER,
}

public enum AbsenceStatus
{
    ACTIVE,
    CANCELLED,
}

/// <summary>An absence as asked for: whole days, or the same hours on each day of the range.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NewAbsence")]
public sealed record class NewAbsence(
    [property: Id(0)] AbsenceType Type,
    [property: Id(1)] DateOnly StartDate,
    [property: Id(2)] DateOnly EndDate,
    [property: Id(3)] bool IsFullDay,
    [property: Id(4)] TimeOnly? StartTime,
    [property: Id(5)] TimeOnly? EndTime,
    [property: Id(6)] string? Reason);

[GenerateSerializer, Immutable, Alias("Hms.Absence")]
public sealed record class Absence(
    [property: Id(0)] Guid Id,
    [property: Id(1)] AbsenceType Type,
    [property: Id(2)] DateOnly StartDate,
    [property: Id(3)] DateOnly EndDate,
    [property: Id(4)] bool IsFullDay,
    [property: Id(5)] TimeOnly? StartTime,
    [property: Id(6)] TimeOnly? EndTime,
    [property: Id(7)] string? Reason,
    [property: Id(8)] AbsenceStatus Status,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] string CreatedBy,
    [property: Id(11)] DateTimeOffset? CancelledAt)
{
    public bool IsActive => Status == AbsenceStatus.ACTIVE;

    /// <summary>Whether the absence takes away the wall-clock window [start, end) of <paramref name="date"/>.</summary>
    public bool Covers(DateOnly date, TimeOnly start, TimeOnly end) =>
        IsActive && date >= StartDate && date <= EndDate &&
        (IsFullDay || (StartTime is { } from && EndTime is { } to && start < to && from < end));
}

/// <summary>A doctor; <see cref="UserId"/> is the token subject of the doctor's own user, when one is linked.</summary>
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
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] ImmutableArray<Absence> Absences,
    [property: Id(12)] long Version,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] string? UserId = null)
{
    public bool AcceptsBookings => IsAvailable && IsActive;

    public IEnumerable<Absence> ActiveAbsences => Absences.Where(a => a.IsActive);
}

/// <summary>The answer to a doctor update: becoming unavailable cancels the doctor's future appointments, which it counts and names.</summary>
[GenerateSerializer, Immutable, Alias("Hms.DoctorUpdateResult")]
public sealed record class DoctorUpdateResult(
    [property: Id(0)] DoctorView Doctor,
    [property: Id(1)] int CancelledAppointments,
    [property: Id(2)] int NotifiedPatients,
    [property: Id(3)] ImmutableArray<Guid> AffectedAppointmentIds,
    [property: Id(4)] ImmutableArray<Guid> OffScheduleAppointmentIds);

[GenerateSerializer, Immutable, Alias("Hms.ScheduleUpdateResult")]
public sealed record class ScheduleUpdateResult(
    [property: Id(0)] DoctorView Doctor,
    [property: Id(1)] ImmutableArray<Guid> AffectedAppointmentIds,
    [property: Id(2)] int NotifiedPatients);

/// <summary>An absence with the appointments it touches (a warning), and those an emergency cancelled.</summary>
[GenerateSerializer, Immutable, Alias("Hms.AbsenceResult")]
public sealed record class AbsenceResult(
    [property: Id(0)] Absence Absence,
    [property: Id(1)] int AffectedAppointments,
    [property: Id(2)] string? Warning,
    [property: Id(3)] ImmutableArray<Guid> CancelledAppointmentIds,
    [property: Id(4)] int NotifiedPatients);

/// <summary>Bounds of a doctor's settings, shared by the API's checks and the grain's rules.</summary>
public static class DoctorLimits
{
    public const int MinSlotDurationMinutes = 1;
    public const int MaxSlotDurationMinutes = 480;
    public const int MaxPatientsPerDay = 10_000;
}
