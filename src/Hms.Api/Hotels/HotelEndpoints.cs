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
    public sealed record SettingsBody(string? NoShowCutoff, bool? CutoffNextDay, string? FeePolicy, decimal? FeePercent, decimal? FlatFee,
        bool? ChargeNonGuaranteed, string? GuaranteedHoldUntil, string? CheckOutTime);

    public sealed record RegisterHotelRequest(string? Name, string? TimeZone, SettingsBody? Settings);

    public sealed record UpdateHotelRequest(string? Name, SettingsBody? Settings);

    public sealed record StaffRequest(string? Name, string[]? Roles, string? Email, string? Phone, bool? IsActive);

    public sealed record RoomTypeRequest(string? Code, string? Name, decimal? NightlyRate, string? Currency, bool? IsActive);

    public sealed record RoomRequest(string? Number, Guid? RoomTypeId, int? Floor, string? Status);

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

    public static async Task<Ok<StaffResponse>> SaveStaff(string userId, StaffRequest request, ClaimsPrincipal user, IClusterClient cluster)
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

    public static async Task<Ok<RoomType>> ChangeRoomType(Guid roomTypeId, RoomTypeRequest request, ClaimsPrincipal user, IClusterClient cluster)
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
            check.Number("floor", request.Floor, 0, 200, 0), check.OptionalEnum<RoomStatus>("status", request.Status) ?? RoomStatus.CLEAN);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var room = await cluster.GetGrain<IHotelGrain>(caller.TenantId).SaveRoom(command, caller);
        return TypedResults.Created($"/api/v1/hotels/current/rooms/{room.Id}", room);
    }

    public static async Task<Ok<Room>> ChangeRoom(Guid roomId, RoomRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var hotel = cluster.GetGrain<IHotelGrain>(caller.TenantId);
        var current = (await hotel.Get(caller)).Room(roomId) ?? throw Errors.NotFound("room_not_found", "No such room.");
        var check = new RequestCheck();
        var status = check.OptionalEnum<RoomStatus>("status", request.Status);
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

    private static HotelSettings Settings(RequestCheck check, SettingsBody? s, HotelSettings d)
    {
        var policy = check.OptionalEnum<FeePolicy>("settings.feePolicy", s?.FeePolicy) ?? d.FeePolicy;
        return new HotelSettings(
            check.OptionalTime("settings.noShowCutoff", s?.NoShowCutoff) ?? d.NoShowCutoff,
            s?.CutoffNextDay ?? d.CutoffNextDay,
            policy,
            check.Money("settings.feePercent", s?.FeePercent, 0m, 100m, d.FeePercent),
            check.Money("settings.flatFee", s?.FlatFee, 0m, 1_000_000m, d.FlatFee),
            s?.ChargeNonGuaranteed ?? d.ChargeNonGuaranteed,
            s?.GuaranteedHoldUntil is null ? d.GuaranteedHoldUntil : check.OptionalTime("settings.guaranteedHoldUntil", s.GuaranteedHoldUntil),
            check.OptionalTime("settings.checkOutTime", s?.CheckOutTime) ?? d.CheckOutTime);
    }
}
