using System.Collections.Immutable;

namespace Hms.Scheduling;

/// <summary>
/// One doctor's slots on one date. Every booking of that day goes through this grain, so two
/// bookings of one slot are serialized by Orleans: exactly one wins.
/// Key: <see cref="DoctorDayKey"/>.
/// </summary>
[Alias("Hms.IDoctorDayGrain")]
public interface IDoctorDayGrain : IGrainWithStringKey
{
    /// <summary>The day's slots, generated from the doctor's schedule on first use.</summary>
    [Alias("GetSlots")]
    Task<ImmutableArray<SlotView>> GetSlots();

    /// <summary>Takes the slot starting at <paramref name="startTime"/> for an appointment. Idempotent per appointment.</summary>
    [Alias("Reserve")]
    Task<SlotView> Reserve(TimeOnly startTime, Guid appointmentId);

    /// <summary>Frees whatever slot the appointment holds; false when it held none.</summary>
    [Alias("Release")]
    Task<bool> Release(Guid appointmentId);
}

/// <summary>The key of a doctor's day: <c>{doctorId:N}/{yyyy-MM-dd}</c>.</summary>
public static class DoctorDayKey
{
    public static string For(Guid doctorId, DateOnly date) => $"{doctorId:N}/{date:yyyy-MM-dd}";

    public static (Guid DoctorId, DateOnly Date) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (Guid.ParseExact(key[..slash], "N"),
            DateOnly.ParseExact(key[(slash + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
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
    [property: Id(7)] Guid? AppointmentId);
