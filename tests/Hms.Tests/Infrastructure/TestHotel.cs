using System.Collections.Immutable;
using Hms.Common;
using Hms.Hotels;
using Npgsql;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A freshly registered hotel (its own tenant) with one room type of <c>rooms</c> CLEAN rooms, an admin,
/// a front-desk clerk and two housekeepers (Ana, Ben), for one test.
/// </summary>
public sealed record TestHotel(string Id, TimeZoneInfo Zone, Caller Admin, Caller Desk, RoomType Type, ImmutableArray<Room> Rooms, IClusterClient Cluster)
{
    public const decimal Rate = 120m;

    public static async Task<TestHotel> CreateAsync(IClusterClient cluster, string timeZone = "Europe/Berlin", HotelSettings? settings = null, int rooms = 2)
    {
        var id = "hotel-" + Guid.NewGuid().ToString("N")[..12];
        var admin = new Caller("admin-" + id, id, [Roles.HotelAdmin]);
        var hotel = cluster.GetGrain<IHotelGrain>(id);
        await hotel.Register(new RegisterHotel("Hotel " + id, timeZone, settings ?? HotelSettings.Default), admin);
        await hotel.SaveStaff(new HotelStaffMember(admin.UserId, "Hana Admin", [Roles.HotelAdmin], "admin@" + id + ".test", null), admin);
        await hotel.SaveStaff(new HotelStaffMember("desk-" + id, "Dev Desk", [Roles.FrontDesk], "desk@" + id + ".test", null), admin);
        await hotel.SaveStaff(new HotelStaffMember("ana-" + id, "Ana", [Roles.Housekeeper], null, null), admin);
        await hotel.SaveStaff(new HotelStaffMember("ben-" + id, "Ben", [Roles.Housekeeper], null, null), admin);
        var type = await hotel.SaveRoomType(new SaveRoomType(null, "DBL", "Double", Rate, "EUR", true), admin);
        var added = ImmutableArray.CreateBuilder<Room>();
        for (var n = 1; n <= rooms; n++)
        {
            added.Add(await hotel.SaveRoom(new SaveRoom(null, (100 + n).ToString(System.Globalization.CultureInfo.InvariantCulture), type.Id, 1, RoomStatus.CLEAN), admin));
        }
        return new TestHotel(id, ZonedTime.Zone(timeZone), admin, new Caller("desk-" + id, id, [Roles.FrontDesk]), type, added.ToImmutable(), cluster);
    }

    public DateOnly Today(DateTimeOffset now) => ZonedTime.Today(now, Zone);

    public Task<ReservationView> BookAsync(DateOnly arrival, int nights = 1, bool guaranteed = false, string guest = "Ada Lovelace", Guid? roomId = null) =>
        Cluster.GetGrain<IReservationGrain>(Guid.NewGuid()).Book(
            new BookReservation(new Guest(guest, "guest@example.org", null), Type.Id, roomId, arrival, arrival.AddDays(nights), guaranteed, null), Desk);

    public IReservationGrain Reservation(Guid id) => Cluster.GetGrain<IReservationGrain>(id);

    public Task<ReservationView> GetAsync(Guid id) => Reservation(id).Get(Desk);

    public Task<FolioView> FolioAsync(Guid id) => Reservation(id).Folio(Desk);

    /// <summary>Rooms of the type held on <paramref name="night"/>, as the inventory counts them.</summary>
    public async Task<int> OccupiedAsync(DateOnly night) =>
        (await Cluster.GetGrain<IRoomInventoryGrain>(RoomInventoryKey.For(Id, Type.Id)).Availability(night, night)).Single().OccupiedRooms;

    /// <summary>The availability row the read model keeps for the night (null: never written).</summary>
    public async Task<(int Total, int Occupied)?> StoredAsync(string connectionString, DateOnly night)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT total_rooms, occupied_rooms FROM hotel_room_availability WHERE hotel_id = $1 AND room_type_id = $2 AND date = $3", connection);
        command.Parameters.AddWithValue(Id);
        command.Parameters.AddWithValue(Type.Id);
        command.Parameters.AddWithValue(night);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
    }

    /// <summary>The first date after <paramref name="from"/> on which the zone's UTC offset changes (a DST date).</summary>
    public static DateOnly NextDstChange(TimeZoneInfo zone, DateOnly from)
    {
        for (var date = from.AddDays(1); ; date = date.AddDays(1))
        {
            var start = ZonedTime.ToInstant(date, TimeOnly.MinValue, zone);
            var end = ZonedTime.ToInstant(date.AddDays(1), TimeOnly.MinValue, zone);
            if (end - start != TimeSpan.FromDays(1))
            {
                return date;
            }
        }
    }
}
