using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Hotels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hotels;

/// <summary>The caller's hotel: its registration and settings, staff, room types and rooms.</summary>
public static class HotelEndpoints
{
    /// <summary>The hotel's no-show and check-out rules; a field left out keeps its current (or default) value.</summary>
    public sealed record HotelSettingsBody(TimeOnly? NoShowCutoff = null, bool? CutoffNextDay = null, FeePolicy? FeePolicy = null,
        [property: Range(0, 100)] decimal? FeePercent = null, [property: Range(0, 1_000_000)] decimal? FlatFee = null,
        bool? ChargeNonGuaranteed = null, TimeOnly? GuaranteedHoldUntil = null, TimeOnly? CheckOutTime = null);

    /// <summary>A new hotel; <c>timeZone</c> is an IANA zone (e.g. Europe/Lisbon) and cannot change later.</summary>
    public sealed record RegisterHotelRequest(string? Name, string? TimeZone, HotelSettingsBody? Settings = null);

    public sealed record UpdateHotelRequest(string? Name = null, HotelSettingsBody? Settings = null);

    public sealed record HotelStaffRequest(string? Name, string[]? Roles, string? Email = null, string? Phone = null, bool? IsActive = null);

    public sealed record RoomTypeRequest(string? Code, string? Name, [property: Range(0, 1_000_000)] decimal? NightlyRate,
        [property: RegularExpression("^[A-Za-z]{3}$")] string? Currency, bool? IsActive = null);

    /// <summary>A change to a room type: fields left out keep their value.</summary>
    public sealed record ChangeRoomTypeRequest(string? Code = null, string? Name = null, [property: Range(0, 1_000_000)] decimal? NightlyRate = null,
        [property: RegularExpression("^[A-Za-z]{3}$")] string? Currency = null, bool? IsActive = null);

    public sealed record RoomRequest(string? Number, Guid? RoomTypeId, [property: Range(0, 200)] int? Floor = null, RoomStatus? Status = null);

    /// <summary>A change to a room: housekeeping staff may send only <c>status</c>; fields left out keep their value.</summary>
    public sealed record ChangeRoomRequest(string? Number = null, Guid? RoomTypeId = null, [property: Range(0, 200)] int? Floor = null,
        RoomStatus? Status = null);

    public static void MapHotelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/hotels").WithTags("Hotels");
        group.MapPost("/", Register).WithName("RegisterHotel")
            .WithSummary("Register the caller's hotel (its id is the caller's tenant id); its scheduled jobs start").RequireRoles(Roles.HotelAdmin);
        group.MapGet("/current", GetCurrent).WithName("GetCurrentHotel").WithSummary("The caller's hotel with its room types, rooms and staff")
            .RequireRoles(HotelRoles.Staff);
        group.MapPatch("/current", Update).WithName("UpdateHotel")
            .WithSummary("Rename the hotel or change its settings (no-show cut-off, fee policy, guaranteed hold, check-out time)")
            .RequireRoles(HotelRoles.Admins);
        group.MapPut("/current/staff/{userId}", SaveStaff).WithName("SaveHotelStaffMember")
            .WithSummary("Add or update a staff member (by token subject): HOTEL_ADMIN, MANAGER, FRONT_DESK, HOUSEKEEPER").RequireRoles(HotelRoles.Admins);
        group.MapGet("/current/room-types", RoomTypes).WithName("ListRoomTypes").WithSummary("The hotel's room types").RequireRoles(HotelRoles.Staff);
        group.MapPost("/current/room-types", AddRoomType).WithName("AddRoomType").WithSummary("Add a room type (code, name, nightly rate, currency)")
            .RequireRoles(HotelRoles.Admins);
        group.MapPatch("/current/room-types/{roomTypeId:guid}", ChangeRoomType).WithName("ChangeRoomType").WithSummary("Change a room type")
            .RequireRoles(HotelRoles.Admins);
        group.MapGet("/current/rooms", Rooms).WithName("ListRooms").WithSummary("The hotel's rooms with their status").RequireRoles(HotelRoles.Staff);
        group.MapPost("/current/rooms", AddRoom).WithName("AddRoom").WithSummary("Add a room (number, type, floor, status)")
            .RequireRoles(HotelRoles.Admins);
        group.MapPatch("/current/rooms/{roomId:guid}", ChangeRoom).WithName("ChangeRoom")
            .WithSummary("Change a room: number, type, floor, or status (CLEAN, DIRTY, OCCUPIED, INSPECTED, OUT_OF_ORDER)").RequireRoles(HotelRoles.Staff);
    }

    public static async Task<Created<HotelResponse>> Register(RegisterHotelRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new RegisterHotel(check.Text("name", request.Name, 200), check.Text("timeZone", request.TimeZone, 64),
            Settings(check, request.Settings, HotelSettings.Default));
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var hotel = await cluster.GetGrain<IHotelGrain>(caller.TenantId).Register(command, caller);
        return TypedResults.Created("/api/v1/hotels/current", HotelResponse.From(hotel));
    }

    public static async Task<Ok<HotelResponse>> GetCurrent(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(HotelResponse.From(await cluster.GetGrain<IHotelGrain>(caller.TenantId).Get(caller)));
    }

    public static async Task<Ok<HotelResponse>> Update(UpdateHotelRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var hotel = cluster.GetGrain<IHotelGrain>(caller.TenantId);
        var current = await hotel.Get(caller);
        var check = new RequestCheck();
        var command = new UpdateHotel(check.OptionalText("name", request.Name, 200),
            request.Settings is null ? null : Settings(check, request.Settings, current.Settings));
        check.ThrowIfInvalid();
        return TypedResults.Ok(HotelResponse.From(await hotel.Update(command, caller)));
    }

    public static async Task<Ok<StaffResponse>> SaveStaff(string userId, HotelStaffRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var roles = request.Roles ?? [];
        if (roles.Length == 0 || roles.Any(r => !HotelRoles.Staff.Contains(r)))
        {
            check.Add("roles", $"roles must be one or more of {string.Join(", ", HotelRoles.Staff)}.");
        }
        var member = new HotelStaffMember(check.Text("userId", userId, 128), check.Text("name", request.Name, 200), [.. roles.Distinct()],
            check.OptionalEmail("email", request.Email), check.OptionalText("phone", request.Phone, 32), request.IsActive ?? true);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        return TypedResults.Ok(StaffResponse.From(await cluster.GetGrain<IHotelGrain>(caller.TenantId).SaveStaff(member, caller)));
    }

    public static async Task<Ok<IReadOnlyList<RoomType>>> RoomTypes(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok<IReadOnlyList<RoomType>>((await cluster.GetGrain<IHotelGrain>(caller.TenantId).Get(caller)).RoomTypes);
    }

    public static async Task<Created<RoomType>> AddRoomType(RoomTypeRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new SaveRoomType(null, check.Text("code", request.Code, 20), check.Text("name", request.Name, 200),
            check.Money("nightlyRate", request.NightlyRate, 0m, 1_000_000m), check.Currency("currency", request.Currency), request.IsActive ?? true);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var type = await cluster.GetGrain<IHotelGrain>(caller.TenantId).SaveRoomType(command, caller);
        return TypedResults.Created($"/api/v1/hotels/current/room-types/{type.Id}", type);
    }

    public static async Task<Ok<RoomType>> ChangeRoomType(Guid roomTypeId, ChangeRoomTypeRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var hotel = cluster.GetGrain<IHotelGrain>(caller.TenantId);
        var current = (await hotel.Get(caller)).RoomType(roomTypeId) ?? throw Errors.NotFound("room_type_not_found", "No such room type.");
        var check = new RequestCheck();
        var command = new SaveRoomType(roomTypeId, check.OptionalText("code", request.Code, 20) ?? current.Code,
            check.OptionalText("name", request.Name, 200) ?? current.Name, check.Money("nightlyRate", request.NightlyRate, 0m, 1_000_000m, current.NightlyRate),
            request.Currency is null ? current.Currency : check.Currency("currency", request.Currency), request.IsActive ?? current.IsActive);
        check.ThrowIfInvalid();
        return TypedResults.Ok(await hotel.SaveRoomType(command, caller));
    }

    public static async Task<Ok<IReadOnlyList<Room>>> Rooms(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok<IReadOnlyList<Room>>((await cluster.GetGrain<IHotelGrain>(caller.TenantId).Get(caller)).Rooms);
    }

    public static async Task<Created<Room>> AddRoom(RoomRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new SaveRoom(null, check.Text("number", request.Number, 20), check.Id("roomTypeId", request.RoomTypeId),
            check.Number("floor", request.Floor, 0, 200, 0), request.Status ?? RoomStatus.CLEAN);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var room = await cluster.GetGrain<IHotelGrain>(caller.TenantId).SaveRoom(command, caller);
        return TypedResults.Created($"/api/v1/hotels/current/rooms/{room.Id}", room);
    }

    public static async Task<Ok<Room>> ChangeRoom(Guid roomId, ChangeRoomRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var hotel = cluster.GetGrain<IHotelGrain>(caller.TenantId);
        var current = (await hotel.Get(caller)).Room(roomId) ?? throw Errors.NotFound("room_not_found", "No such room.");
        var check = new RequestCheck();
        var status = request.Status;
        var command = new SaveRoom(roomId, check.OptionalText("number", request.Number, 20) ?? current.Number, request.RoomTypeId ?? current.RoomTypeId,
            check.Number("floor", request.Floor, 0, 200, current.Floor), status ?? current.Status);
        check.ThrowIfInvalid();
        var onlyStatus = request is { Number: null, RoomTypeId: null, Floor: null };
        if (!caller.IsInAnyRole(HotelRoles.Admins) && !onlyStatus)
        {
            throw Errors.Forbidden("forbidden", "Only a HOTEL_ADMIN or MANAGER changes a room's number, type or floor.");
        }
        return TypedResults.Ok(onlyStatus && status is { } to ? await hotel.SetRoomStatus(roomId, to, caller) : await hotel.SaveRoom(command, caller));
    }

    private static HotelSettings Settings(RequestCheck check, HotelSettingsBody? s, HotelSettings d)
    {
        return new HotelSettings(
            s?.NoShowCutoff ?? d.NoShowCutoff,
            s?.CutoffNextDay ?? d.CutoffNextDay,
            s?.FeePolicy ?? d.FeePolicy,
            check.Money("settings.feePercent", s?.FeePercent, 0m, 100m, d.FeePercent),
            check.Money("settings.flatFee", s?.FlatFee, 0m, 1_000_000m, d.FlatFee),
            s?.ChargeNonGuaranteed ?? d.ChargeNonGuaranteed,
            s?.GuaranteedHoldUntil ?? d.GuaranteedHoldUntil,
            s?.CheckOutTime ?? d.CheckOutTime);
    }
}
