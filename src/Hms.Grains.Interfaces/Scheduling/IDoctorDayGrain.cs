using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;

namespace Hms.Scheduling;

/// <summary>
/// One doctor's slots on one date. Every booking of that day goes through this grain, so two
/// bookings of one slot are serialized by Orleans: exactly one wins. The slots are built from the
/// doctor's schedule, absences and the hospital's holidays, and rebuilt (unbooked slots only)
/// whenever one of those changed. Key: <see cref="DoctorDayKey"/>.
/// </summary>
[Alias("Hms.IDoctorDayGrain")]
public interface IDoctorDayGrain : IGrainWithStringKey
{
    /// <summary>The day's slots, generated on first use.</summary>
    [Alias("GetSlots")]
    Task<ImmutableArray<SlotView>> GetSlots();

    /// <summary>
    /// Takes the slot starting at <paramref name="startTime"/> for an appointment (idempotent per
    /// appointment): 409 <c>slot_taken</c>, <c>slot_blocked</c> or <c>doctor_day_full</c> otherwise.
    /// </summary>
    [Alias("Reserve")]
    Task<SlotView> Reserve(TimeOnly startTime, Guid appointmentId);

    /// <summary>Frees the slot at <paramref name="startTime"/> if the appointment holds it; false otherwise.</summary>
    [Alias("Release")]
    Task<bool> Release(TimeOnly startTime, Guid appointmentId);

    /// <summary>Blocks or unblocks a free slot by hand: staff of the doctor's hospital who may (<see cref="Roles.SlotBlockers"/>).</summary>
    [Alias("SetBlocked")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<SlotView> SetBlocked(TimeOnly startTime, bool blocked, string? reason, Caller caller);

    /// <summary>Rebuilds the unbooked slots from the current schedule now; returns the day's slots.</summary>
    [Alias("Regenerate")]
    Task<ImmutableArray<SlotView>> Regenerate();
}

/// <summary>The key of a doctor's day: <c>{doctorId:N}/{yyyy-MM-dd}</c>.</summary>
public static class DoctorDayKey
{
    public static string For(Guid doctorId, DateOnly date) => $"{doctorId:N}/{date:yyyy-MM-dd}";

    public static (Guid DoctorId, DateOnly Date) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (Guid.ParseExact(key[..slash], "N"),
            DateOnly.ParseExact(key[(slash + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}

/// <summary>A slot's public id, <c>{doctorId:N}-{yyyyMMdd}-{HHmm}</c>: it names its doctor-day and start.</summary>
public static class SlotId
{
    public static string For(Guid doctorId, DateOnly date, TimeOnly start) =>
        string.Create(CultureInfo.InvariantCulture, $"{doctorId:N}-{date:yyyyMMdd}-{start:HHmm}");

    public static bool TryParse(string id, out Guid doctorId, out DateOnly date, out TimeOnly start)
    {
        (doctorId, date, start) = (default, default, default);
        var parts = id.Split('-');
        return parts.Length == 3
            && Guid.TryParseExact(parts[0], "N", out doctorId)
            && DateOnly.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && TimeOnly.TryParseExact(parts[2], "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start);
    }
}

[GenerateSerializer, Immutable, Alias("Hms.SlotView")]
public sealed record class SlotView(
    [property: Id(0)] string Id,
    [property: Id(1)] Guid DoctorId,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] TimeOnly StartTime,
    [property: Id(4)] TimeOnly EndTime,
    [property: Id(5)] bool IsBooked,
    [property: Id(6)] bool IsBlocked,
    [property: Id(7)] Guid? AppointmentId,
    [property: Id(8)] string? BlockedReason,
    [property: Id(9)] bool IsOffSchedule,
    // The slot has ended (in the hospital's zone), so it can no longer be booked (a slot under way still can: a walk-in).
    [property: Id(10)] bool IsPast = false)
{
    public bool IsAvailable => !IsBooked && !IsBlocked && !IsOffSchedule && !IsPast;
}

/// <summary>Limits of slot queries that read many doctor-days at once.</summary>
public static class SlotLimits
{
    public const int MaxRangeDays = Hospitals.HospitalSettings.MaxSlotGenerationDays;

    /// <summary>How far back slots can be read: a year of history; forwards, as far as the hospital's booking horizon.</summary>
    public const int HistoryDays = 366;
}
