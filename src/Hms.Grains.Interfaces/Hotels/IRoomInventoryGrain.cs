using System.Collections.Immutable;

namespace Hms.Hotels;

/// <summary>
/// The nights of one room type of one hotel: which reservation holds which nights (and which room).
/// Every booking of the type goes through it, one at a time, so the last room is sold once. It keeps
/// the type's availability rows current on every change. Key: <see cref="RoomInventoryKey"/>.
/// </summary>
[Alias("Hms.IRoomInventoryGrain")]
public interface IRoomInventoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Holds (or moves) the reservation's nights [<paramref name="arrival"/>, <paramref name="departure"/>) and,
    /// when given, its room: 409 no_availability when a night has no room left, room_taken when the room is
    /// someone else's on a night. Holding what is already held changes nothing.
    /// </summary>
    [Alias("Hold")]
    Task Hold(Guid reservationId, DateOnly arrival, DateOnly departure, Guid? roomId);

    /// <summary>Picks the first of <paramref name="candidates"/> nobody else holds on the reservation's nights, and holds it.</summary>
    [Alias("AssignRoom")]
    Task<Guid> AssignRoom(Guid reservationId, ImmutableArray<Guid> candidates);

    /// <summary>Gives the reservation's nights back; idempotent.</summary>
    [Alias("Release")]
    Task Release(Guid reservationId);

    /// <summary>Total, occupied and available rooms per night.</summary>
    [Alias("Availability")]
    Task<ImmutableArray<AvailabilityDay>> Availability(DateOnly from, DateOnly to);

    /// <summary>
    /// The daily recalculation: drops holds whose reservation no longer holds nights, recomputes every
    /// night from <paramref name="from"/> for <paramref name="days"/> days, and rewrites the rows that
    /// differed from what is stored; how many rows it corrected and how many it checked.
    /// </summary>
    [Alias("Recalculate")]
    Task<AvailabilityRecalc> Recalculate(DateOnly from, int days);

    /// <summary>The hotel's rooms of this type changed (added, out of order, back): the rows are rewritten.</summary>
    [Alias("RoomsChanged")]
    Task RoomsChanged();
}

public static class RoomInventoryKey
{
    public static string For(string hotelId, Guid roomTypeId) => $"{hotelId}/{roomTypeId:N}";

    public static (string HotelId, Guid RoomTypeId) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], Guid.ParseExact(key[(slash + 1)..], "N"));
    }
}

/// <summary>One night of one room type: rooms that can be sold, rooms held, rooms left, and the occupancy in percent.</summary>
[GenerateSerializer, Immutable, Alias("Hms.AvailabilityDay")]
public sealed record class AvailabilityDay(
    [property: Id(0)] Guid RoomTypeId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] int TotalRooms,
    [property: Id(3)] int OccupiedRooms)
{
    public int AvailableRooms => Math.Max(0, TotalRooms - OccupiedRooms);

    public decimal OccupancyRate => TotalRooms == 0 ? 0m : Math.Round(100m * OccupiedRooms / TotalRooms, 2);
}

/// <summary>What a recalculation of one room type did.</summary>
[GenerateSerializer, Immutable, Alias("Hms.AvailabilityRecalc")]
public sealed record class AvailabilityRecalc(
    [property: Id(0)] int RowsChecked,
    [property: Id(1)] int RowsCorrected,
    [property: Id(2)] int StaleHoldsDropped,
    [property: Id(3)] decimal AverageOccupancyRate);
