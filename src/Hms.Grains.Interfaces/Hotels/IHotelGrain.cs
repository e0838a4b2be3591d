using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Hotels;

/// <summary>
/// A hotel (a tenant): its zone and settings, room types, rooms and staff. Keyed by its tenant id, the
/// <c>tenant_id</c> claim of its users.
/// </summary>
[Alias("Hms.IHotelGrain")]
public interface IHotelGrain : IGrainWithStringKey
{
    /// <summary>Registers the hotel (only the caller's own tenant) and starts its scheduled jobs.</summary>
    [Alias("Register")]
    [Allows(Roles.HotelAdmin)]
    Task<HotelView> Register(RegisterHotel command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk, Roles.Housekeeper)]
    Task<HotelView> Get(Caller caller);

    /// <summary>For other grains: the hotel, or null when it was never registered.</summary>
    [Alias("Find"), AlwaysInterleave]
    Task<HotelView?> Find();

    /// <summary>Renames the hotel or changes its settings (the zone is fixed at registration).</summary>
    [Alias("Update")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<HotelView> Update(UpdateHotel command, Caller caller);

    /// <summary>Adds a room type (no id) or changes one.</summary>
    [Alias("SaveRoomType")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<RoomType> SaveRoomType(SaveRoomType command, Caller caller);

    /// <summary>Adds a room (no id) or changes one; its status too.</summary>
    [Alias("SaveRoom")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk, Roles.Housekeeper)]
    Task<Room> SaveRoom(SaveRoom command, Caller caller);

    /// <summary>A room's status as the desk, housekeeping or a stay changes it.</summary>
    [Alias("SetRoomStatus")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk, Roles.Housekeeper)]
    Task<Room> SetRoomStatus(Guid roomId, RoomStatus status, Caller caller);

    /// <summary>Adds or updates a staff member (keyed by their user id, the <c>sub</c> of their tokens).</summary>
    [Alias("SaveStaff")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<HotelStaffMember> SaveStaff(HotelStaffMember member, Caller caller);
}

public enum RoomStatus
{
    CLEAN,
    DIRTY,
    OCCUPIED,
    INSPECTED,
    OUT_OF_ORDER,
}

/// <summary>What a no-show costs: the first night's rate, a percentage of the stay, a flat amount, or nothing.</summary>
public enum FeePolicy
{
    FIRST_NIGHT,
    PERCENT_OF_STAY,
    FLAT,
    NONE,
}

/// <summary>
/// A hotel's rules. A reservation not checked in by <see cref="NoShowCutoff"/> local time on its arrival
/// date (the next morning with <see cref="CutoffNextDay"/>) is a no-show; its fee follows
/// <see cref="FeePolicy"/> (none for a non-guaranteed one unless <see cref="ChargeNonGuaranteed"/>); a
/// guaranteed one keeps its nights until the first <see cref="GuaranteedHoldUntil"/> after the cut-off.
/// The business day ends at <see cref="CheckOutTime"/>: a no-show can be reinstated until then.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelSettings")]
public sealed record class HotelSettings(
    [property: Id(0)] TimeOnly NoShowCutoff,
    [property: Id(1)] bool CutoffNextDay,
    [property: Id(2)] FeePolicy FeePolicy,
    [property: Id(3)] decimal FeePercent,
    [property: Id(4)] decimal FlatFee,
    [property: Id(5)] bool ChargeNonGuaranteed,
    [property: Id(6)] TimeOnly? GuaranteedHoldUntil,
    [property: Id(7)] TimeOnly CheckOutTime)
{
    public static HotelSettings Default { get; } =
        new(new TimeOnly(23, 59), false, FeePolicy.FIRST_NIGHT, 100m, 0m, true, null, new TimeOnly(12, 0));
}

[GenerateSerializer, Immutable, Alias("Hms.RoomType")]
public sealed record class RoomType(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string Name,
    [property: Id(3)] decimal NightlyRate,
    [property: Id(4)] string Currency,
    [property: Id(5)] bool IsActive);

[GenerateSerializer, Immutable, Alias("Hms.Room")]
public sealed record class Room(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Number,
    [property: Id(2)] Guid RoomTypeId,
    [property: Id(3)] int Floor,
    [property: Id(4)] RoomStatus Status,
    [property: Id(5)] DateTimeOffset UpdatedAt);

/// <summary>A member of the hotel's staff; HOUSEKEEPERs get the rounds' tasks, FRONT_DESK hears of no-shows, HOTEL_ADMINs of failing jobs.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelStaffMember")]
public sealed record class HotelStaffMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Roles,
    [property: Id(3)] string? Email,
    [property: Id(4)] string? Phone,
    [property: Id(5)] bool IsActive = true);

[GenerateSerializer, Immutable, Alias("Hms.RegisterHotel")]
public sealed record class RegisterHotel(
    [property: Id(0)] string Name,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] HotelSettings Settings);

[GenerateSerializer, Immutable, Alias("Hms.UpdateHotel")]
public sealed record class UpdateHotel(
    [property: Id(0)] string? Name,
    [property: Id(1)] HotelSettings? Settings);

[GenerateSerializer, Immutable, Alias("Hms.SaveRoomType")]
public sealed record class SaveRoomType(
    [property: Id(0)] Guid? Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string Name,
    [property: Id(3)] decimal NightlyRate,
    [property: Id(4)] string Currency,
    [property: Id(5)] bool IsActive);

[GenerateSerializer, Immutable, Alias("Hms.SaveRoom")]
public sealed record class SaveRoom(
    [property: Id(0)] Guid? Id,
    [property: Id(1)] string Number,
    [property: Id(2)] Guid RoomTypeId,
    [property: Id(3)] int Floor,
    [property: Id(4)] RoomStatus Status);

[GenerateSerializer, Immutable, Alias("Hms.HotelView")]
public sealed record class HotelView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] HotelSettings Settings,
    [property: Id(4)] ImmutableArray<RoomType> RoomTypes,
    [property: Id(5)] ImmutableArray<Room> Rooms,
    [property: Id(6)] ImmutableArray<HotelStaffMember> Staff,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] long Version)
{
    public RoomType? RoomType(Guid id) => RoomTypes.FirstOrDefault(t => t.Id == id);

    public Room? Room(Guid id) => Rooms.FirstOrDefault(r => r.Id == id);

    /// <summary>Rooms of a type that can be sold: all but those OUT_OF_ORDER.</summary>
    public int SellableRooms(Guid roomTypeId) => Rooms.Count(r => r.RoomTypeId == roomTypeId && r.Status != RoomStatus.OUT_OF_ORDER);

    public IEnumerable<HotelStaffMember> ActiveIn(string role) => Staff.Where(m => m.IsActive && m.Roles.Contains(role));
}
