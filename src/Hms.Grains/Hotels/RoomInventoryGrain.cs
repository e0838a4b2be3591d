using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

/// <summary>The nights one reservation holds, and its room once one is given.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NightsHold")]
public sealed record class NightsHold(
    [property: Id(0)] DateOnly Arrival,
    [property: Id(1)] DateOnly Departure,
    [property: Id(2)] Guid? RoomId,
    [property: Id(3)] DateTimeOffset HeldAt)
{
    public bool Covers(DateOnly night) => Arrival <= night && night < Departure;

    public bool Overlaps(NightsHold other) => Arrival < other.Departure && other.Arrival < Departure;

    public IEnumerable<DateOnly> Nights() => Enumerable.Range(0, Departure.DayNumber - Arrival.DayNumber).Select(Arrival.AddDays);
}

[GenerateSerializer, Alias("Hms.RoomInventoryState")]
public sealed record class RoomInventoryState : IOutboxState<RoomInventoryState>
{
    [Id(0)] public ImmutableDictionary<Guid, NightsHold> Holds { get; init; } = ImmutableDictionary<Guid, NightsHold>.Empty;
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public RoomInventoryState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>One night of one room type as the read model keeps it (hotel_room_availability).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.AvailabilityRow")]
public sealed record class AvailabilityRow(
    [property: Id(0)] string HotelId,
    [property: Id(1)] AvailabilityDay Day,
    [property: Id(2)] DateTimeOffset UpdatedAt) : ReadModelRecord;

/// <summary>
/// The nights of one room type (<see cref="IRoomInventoryGrain"/>). A booking holds its nights here
/// before it is saved; the grain's turns serialize the bookings of the type, so a night is never sold
/// twice. Each change writes the availability rows of the nights it touched; holds of stays that have
/// ended are dropped as it goes.
/// </summary>
public sealed class RoomInventoryGrain(
    [PersistentState("roomInventory", StoreNames.Hms)] IPersistentState<RoomInventoryState> state,
    IHotelReader reader,
    GrainServices services,
    ILogger<RoomInventoryGrain> logger) : OutboxGrain<RoomInventoryState>(state, services, logger), IRoomInventoryGrain
{
    /// <summary>Holds younger than this may belong to a booking still being saved: the recalculation leaves them alone.</summary>
    private static readonly TimeSpan InFlight = TimeSpan.FromMinutes(10);

    /// <summary>How many nights ahead the availability rows are kept, from today.</summary>
    public const int RowDays = 90;

    private (string HotelId, Guid RoomTypeId) Key => RoomInventoryKey.Parse(this.GetPrimaryKeyString());

    public async Task Hold(Guid reservationId, DateOnly arrival, DateOnly departure, Guid? roomId)
    {
        var hotel = await HotelAsync();
        var wanted = new NightsHold(arrival, departure, roomId, Now);
        var held = State.Holds.GetValueOrDefault(reservationId);
        if (held is not null && held.Arrival == arrival && held.Departure == departure && held.RoomId == roomId)
        {
            return;
        }
        var others = State.Holds.Remove(reservationId);
        var total = hotel.SellableRooms(Key.RoomTypeId);
        // Nights the reservation already holds stay its own even if rooms went out of order since; new nights need a free room.
        if (wanted.Nights().FirstOrDefault(night => held?.Covers(night) != true && Occupied(others, night) >= total) is var full && full != default)
        {
            var code = hotel.RoomType(Key.RoomTypeId)?.Code;
            throw Errors.Conflict("no_availability", $"No {code} room is free on the night of {full:yyyy-MM-dd}.");
        }
        if (roomId is { } room && others.Values.Any(h => h.RoomId == room && h.Overlaps(wanted)))
        {
            throw Errors.Conflict("room_taken", $"Room {hotel.Room(room)?.Number} is held by another reservation on some of these nights.");
        }
        await SaveHoldsAsync(hotel, others.SetItem(reservationId, wanted with { HeldAt = held?.HeldAt ?? Now }), held, wanted);
    }

    public async Task<Guid> AssignRoom(Guid reservationId, ImmutableArray<Guid> candidates)
    {
        var held = State.Holds.GetValueOrDefault(reservationId) ?? throw Errors.Conflict("not_held", "The reservation holds no nights of this room type.");
        var others = State.Holds.Remove(reservationId).Values.ToList();
        var free = candidates.Where(room => !others.Any(h => h.RoomId == room && h.Overlaps(held))).ToList();
        if (free.Count == 0)
        {
            throw Errors.Conflict("no_room_ready", "No CLEAN or INSPECTED room of this type is free for the stay; give a roomId or have one cleaned.");
        }
        await Hold(reservationId, held.Arrival, held.Departure, free[0]);
        return free[0];
    }

    public async Task Release(Guid reservationId)
    {
        if (State.Holds.GetValueOrDefault(reservationId) is not { } held)
        {
            return;
        }
        await SaveHoldsAsync(await HotelAsync(), State.Holds.Remove(reservationId), held, null);
    }

    public async Task<ImmutableArray<AvailabilityDay>> Availability(DateOnly from, DateOnly to)
    {
        var total = (await HotelAsync()).SellableRooms(Key.RoomTypeId);
        return [.. Days(from, to).Select(night => Day(total, State.Holds, night))];
    }

    public async Task<AvailabilityRecalc> Recalculate(DateOnly from, int days)
    {
        var hotel = await HotelAsync();
        var (hotelId, typeId) = Key;
        var candidates = State.Holds.Where(h => h.Value.HeldAt <= Now - InFlight).Select(h => h.Key).ToList();
        var stale = new List<Guid>();
        foreach (var chunk in candidates.Chunk(GrainFanOut.Parallelism))
        {
            var holds = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IReservationGrain>(id).HoldsNights(typeId)));
            stale.AddRange(chunk.Where((_, i) => !holds[i]));
        }
        var to = from.AddDays(days - 1);
        var stored = await reader.StoredAvailabilityAsync(hotelId, typeId, from, to);
        var holdsNow = State.Holds.RemoveRange(stale);
        var total = hotel.SellableRooms(typeId);
        var computed = Days(from, to).Select(night => Day(total, holdsNow, night)).ToList();
        var corrected = computed.Where(day => !stored.TryGetValue(day.Date, out var row) || row != day).ToList();
        if (corrected.Count > 0 || stale.Count > 0)
        {
            await SaveAsync(State with { Holds = holdsNow }, [.. corrected.Select(day => new AvailabilityRow(hotelId, day, Now))]);
        }
        if (stale.Count > 0)
        {
            Logger.LogWarning("Inventory {Key}: dropped {Count} holds whose reservations no longer hold nights", this.GetPrimaryKeyString(), stale.Count);
        }
        var rate = computed.Count == 0 ? 0m : Math.Round(computed.Average(d => d.OccupancyRate), 2);
        return new AvailabilityRecalc(computed.Count, corrected.Count, stale.Count, rate);
    }

    public async Task RoomsChanged()
    {
        var hotel = await HotelAsync();
        var today = ZonedTime.Today(Now, HotelRules.Zone(hotel));
        var total = hotel.SellableRooms(Key.RoomTypeId);
        await SaveAsync(State, [.. Days(today, today.AddDays(RowDays - 1)).Select(night => new AvailabilityRow(Key.HotelId, Day(total, State.Holds, night), Now))]);
    }

    /// <summary>Saves the holds with the rows of every night the change touched (from today on); holds of ended stays are dropped.</summary>
    private Task SaveHoldsAsync(HotelView hotel, ImmutableDictionary<Guid, NightsHold> holds, NightsHold? before, NightsHold? after)
    {
        var today = ZonedTime.Today(Now, HotelRules.Zone(hotel));
        var ended = holds.Where(h => h.Value.Departure < today).Select(h => h.Key).ToList();
        holds = holds.RemoveRange(ended);
        var total = hotel.SellableRooms(Key.RoomTypeId);
        var touched = (before?.Nights() ?? []).Union(after?.Nights() ?? []).Where(night => night >= today).Order();
        return SaveAsync(State with { Holds = holds }, [.. touched.Select(night => new AvailabilityRow(Key.HotelId, Day(total, holds, night), Now))]);
    }

    private AvailabilityDay Day(int total, ImmutableDictionary<Guid, NightsHold> holds, DateOnly night) => new(Key.RoomTypeId, night, total, Occupied(holds, night));

    private static int Occupied(ImmutableDictionary<Guid, NightsHold> holds, DateOnly night) => holds.Values.Count(h => h.Covers(night));

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to) => Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber + 1)).Select(from.AddDays);

    private async Task<HotelView> HotelAsync() =>
        await GrainFactory.GetGrain<IHotelGrain>(Key.HotelId).Find() ?? throw Errors.NotFound("hotel_not_found", "The hotel is not registered.");
}
