using System.Collections.Immutable;
using Hms.Common;
using Hms.ReadModel;
using Hms.Retention;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

[GenerateSerializer, Alias("Hms.HotelState")]
public sealed record class HotelState : IOutboxState<HotelState>
{
    [Id(0)] public HotelView? Hotel { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public HotelState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// A hotel: profile, settings, room types, rooms and staff in one grain (a hotel has hundreds of rooms,
/// not millions). Registering it starts its scheduled jobs; a change to what a room type can sell tells
/// that type's inventory.
/// </summary>
public sealed class HotelGrain(
    [PersistentState("hotel", StoreNames.Hms)] IPersistentState<HotelState> state,
    GrainServices services,
    ILogger<HotelGrain> logger) : OutboxGrain<HotelState>(state, services, logger), IHotelGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<HotelView> Register(RegisterHotel command, Caller caller)
    {
        if (caller.TenantId != Id)
        {
            throw Errors.Forbidden("forbidden", "A hotel is registered by its own users only.");
        }
        if (State.Hotel is not null)
        {
            throw Errors.Conflict("hotel_exists", "This hotel is already registered.");
        }
        if (ZonedTime.FindIana(command.TimeZone) is null)
        {
            throw Errors.BadRequest("invalid_time_zone", $"'{command.TimeZone}' is not an IANA time zone (e.g. Europe/Berlin).");
        }
        var hotel = new HotelView(Id, command.Name, command.TimeZone, command.Settings, [], [], [], Now, 1);
        await SaveAsync(State with { Hotel = hotel }, [new HotelRow(hotel)], [new StartHotelJobs(Id, command.TimeZone)]);
        await HistoryRetention.KeepAsync(GrainFactory, Id, hotel.TimeZone, Logger);
        return hotel;
    }

    /// <summary>A registered hotel keeps its history trimmed (hotels registered before retention existed start it here).</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Hotel is { } hotel)
        {
            await HistoryRetention.KeepAsync(GrainFactory, Id, hotel.TimeZone, Logger);
        }
    }

    public Task<HotelView> Get(Caller caller) => Task.FromResult(Current(caller));

    public Task<HotelView?> Find() => Task.FromResult(State.Hotel);

    public async Task<HotelView> Update(UpdateHotel command, Caller caller)
    {
        var current = Current(caller);
        return await SaveAsync(current with { Name = command.Name ?? current.Name, Settings = command.Settings ?? current.Settings }, []);
    }

    public async Task<RoomType> SaveRoomType(SaveRoomType command, Caller caller)
    {
        var hotel = Current(caller);
        var id = command.Id ?? Guid.NewGuid();
        if (command.Id is { } existing && hotel.RoomType(existing) is null)
        {
            throw Errors.NotFound("room_type_not_found", "No such room type.");
        }
        if (hotel.RoomTypes.Any(t => t.Id != id && string.Equals(t.Code, command.Code, StringComparison.OrdinalIgnoreCase)))
        {
            throw Errors.Conflict("room_type_code_taken", $"Another room type has the code '{command.Code}'.");
        }
        var type = new RoomType(id, command.Code.ToUpperInvariant(), command.Name, command.NightlyRate, command.Currency.ToUpperInvariant(), command.IsActive);
        await SaveAsync(hotel with { RoomTypes = [.. hotel.RoomTypes.Where(t => t.Id != id), type] }, []);
        return type;
    }

    public async Task<Room> SaveRoom(SaveRoom command, Caller caller)
    {
        var hotel = Current(caller);
        var id = command.Id ?? Guid.NewGuid();
        var before = hotel.Room(id);
        if (command.Id is not null && before is null)
        {
            throw Errors.NotFound("room_not_found", "No such room.");
        }
        if (hotel.RoomType(command.RoomTypeId) is null)
        {
            throw Errors.BadRequest("unknown_room_type", "roomTypeId names no room type of this hotel.");
        }
        if (hotel.Rooms.Any(r => r.Id != id && string.Equals(r.Number, command.Number, StringComparison.OrdinalIgnoreCase)))
        {
            throw Errors.Conflict("room_number_taken", $"Another room has the number '{command.Number}'.");
        }
        var room = new Room(id, command.Number, command.RoomTypeId, command.Floor, command.Status, Now);
        await SaveRoomAsync(hotel, before, room);
        return room;
    }

    public async Task<Room> SetRoomStatus(Guid roomId, RoomStatus status, Caller caller)
    {
        var hotel = Current(caller);
        var before = hotel.Room(roomId) ?? throw Errors.NotFound("room_not_found", "No such room.");
        if (before.Status == status)
        {
            return before;
        }
        var room = before with { Status = status, UpdatedAt = Now };
        await SaveRoomAsync(hotel, before, room);
        return room;
    }

    public async Task<HotelStaffMember> SaveStaff(HotelStaffMember member, Caller caller)
    {
        var hotel = Current(caller);
        if (member.Roles.IsDefaultOrEmpty || member.Roles.Any(r => !HotelRoles.Staff.Contains(r)))
        {
            throw Errors.BadRequest("invalid_roles", $"roles must be one or more of {string.Join(", ", HotelRoles.Staff)}.");
        }
        await SaveAsync(hotel with { Staff = [.. hotel.Staff.Where(m => m.UserId != member.UserId), member] }, []);
        return member;
    }

    /// <summary>A room saved; the inventories of the types whose sellable rooms changed are told.</summary>
    private Task SaveRoomAsync(HotelView hotel, Room? before, Room room)
    {
        var rooms = hotel.Rooms.Where(r => r.Id != room.Id).Append(room).OrderBy(r => r.Number, StringComparer.OrdinalIgnoreCase).ToImmutableArray();
        var next = hotel with { Rooms = rooms };
        var changed = new[] { before?.RoomTypeId, room.RoomTypeId }.OfType<Guid>().Distinct()
            .Where(type => hotel.SellableRooms(type) != next.SellableRooms(type))
            .Select(type => (Effect)new RoomsChanged(RoomInventoryKey.For(Id, type)));
        return SaveAsync(next, [.. changed]);
    }

    private async Task<HotelView> SaveAsync(HotelView next, IReadOnlyList<Effect> effects)
    {
        next = next with { Version = next.Version + 1 };
        await SaveAsync(State with { Hotel = next }, [new HotelRow(next)], effects);
        return next;
    }

    private HotelView Current(Caller caller) =>
        State.Hotel is { } hotel && hotel.Id == caller.TenantId ? hotel : throw Errors.NotFound("hotel_not_found", "The caller's hotel is not registered.");
}

/// <summary>A hotel as the cron routes list them.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.HotelRow")]
public sealed record class HotelRow([property: Id(0)] HotelView Hotel) : ReadModelRecord;

/// <summary>Arms a new hotel's scheduled jobs.</summary>
[GenerateSerializer, Immutable, Alias("Hms.StartHotelJobs")]
public sealed record class StartHotelJobs([property: Id(0)] string HotelId, [property: Id(1)] string TimeZone) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) => grains.GetGrain<IHotelJobsGrain>(HotelId).Start(TimeZone);
}

/// <summary>Tells a room type's inventory that its sellable rooms changed.</summary>
[GenerateSerializer, Immutable, Alias("Hms.RoomsChanged")]
public sealed record class RoomsChanged([property: Id(0)] string InventoryKey) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) => grains.GetGrain<IRoomInventoryGrain>(InventoryKey).RoomsChanged();
}
