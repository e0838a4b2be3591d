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
    /// appointment): 409 <c>slot_taken</c>, <c>slot_blocked</c>, <c>slot_held</c> (held for a waitlist
    /// offer other than <paramref name="offerId"/>) or <c>doctor_day_full</c> otherwise. Reserving with
    /// the offer that holds the slot ends the hold.
    /// </summary>
    [Alias("Reserve")]
    Task<SlotView> Reserve(TimeOnly startTime, Guid appointmentId, Guid? offerId = null);

    /// <summary>
    /// Holds a free slot for a waitlist offer (idempotent per offer): false when there is no such slot, or
    /// it is booked, blocked or held for another offer. Only the offer's waitlist ends a hold.
    /// </summary>
    [Alias("Hold")]
    Task<bool> Hold(TimeOnly startTime, Guid offerId);

    /// <summary>Ends the hold of <paramref name="offerId"/> on the slot; false when it held none.</summary>
    [Alias("Unhold")]
    Task<bool> Unhold(TimeOnly startTime, Guid offerId);

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
    [property: Id(10)] bool IsPast = false,
    // Held for a waitlisted patient's open offer (src/Hms.Grains/Waitlist/): bookable only through that offer.
    [property: Id(11)] bool IsHeld = false)
{
    public bool IsAvailable => !IsBooked && !IsBlocked && !IsOffSchedule && !IsPast && !IsHeld;
}

/// <summary>
/// Where a doctor's freed slot may be offered again (the waitlist, keyed by the doctor's id): told by the
/// appointment that let the slot go. Defined here so the slot's owners need not know who refills it.
/// </summary>
[Alias("Hms.ISlotRefill")]
public interface ISlotRefill : IGrainWithGuidKey
{
    /// <summary>The slot at <paramref name="startTime"/> on <paramref name="date"/> was released. Idempotent.</summary>
    [Alias("SlotFreed")]
    Task SlotFreed(DateOnly date, TimeOnly startTime);
}

/// <summary>Limits of slot queries that read many doctor-days at once.</summary>
public static class SlotLimits
{
    public const int MaxRangeDays = Hospitals.HospitalSettings.MaxSlotGenerationDays;

    /// <summary>How far back slots can be read: a year of history; forwards, as far as the hospital's booking horizon.</summary>
    public const int HistoryDays = 366;
}
