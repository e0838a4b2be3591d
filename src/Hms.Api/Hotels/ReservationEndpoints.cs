using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Hotels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hotels;

/// <summary>Reservations with their stay (check-in, check-out, cancel, reinstate), their folios, the hotel's no-shows and invoices.</summary>
public static class ReservationEndpoints
{
    /// <summary>A reservation; without <c>nightlyRate</c> the room type's rate applies, without <c>roomId</c> a room is assigned at check-in.</summary>
    public sealed record BookRequest(string? GuestName, Guid? RoomTypeId, DateOnly? ArrivalDate, DateOnly? DepartureDate,
        string? GuestEmail = null, string? GuestPhone = null, Guid? RoomId = null, bool? Guaranteed = null,
        [property: Range(0, 1_000_000)] decimal? NightlyRate = null);

    /// <summary>A change to a reservation: fields left out keep their value.</summary>
    public sealed record ChangeRequest(string? GuestName = null, string? GuestEmail = null, string? GuestPhone = null, Guid? RoomId = null,
        DateOnly? ArrivalDate = null, DateOnly? DepartureDate = null, bool? Guaranteed = null);

    public sealed record CheckInRequest(Guid? RoomId = null);

    public sealed record CancelRequest(string? Reason = null);

    /// <summary>A charge on the folio; the NO_SHOW_FEE kinds are posted by the hotel's own no-show rule, never by hand.</summary>
    public sealed record ChargeRequest(string? Description, [property: Range(0.01, 1_000_000)] decimal? Amount, ChargeKind? Kind = null);

    public sealed record PaymentRequest([property: Range(0.01, 1_000_000)] decimal? Amount, PaymentMethod? Method = null, string? Reference = null);

    public sealed record ListQuery(ReservationStatus? Status, DateOnly? ArrivalFrom, DateOnly? ArrivalTo, int? Limit, int? Offset);

    public sealed record PageQuery(int? Limit, int? Offset);

    public static void MapReservationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/hotels/current").WithTags("Hotel reservations");
        group.MapPost("/reservations", Book).WithName("BookReservation")
            .WithSummary("Book a stay: 409 no_availability when a night of it has no room of the type left; the no-show cut-off is armed")
            .RequireRoles(HotelRoles.Desk);
        group.MapGet("/reservations", List).WithName("ListReservations").WithSummary("Reservations by status and arrival date, earliest arrival first")
            .RequireRoles(HotelRoles.Desk);
        group.MapGet("/reservations/{id:guid}", Get).WithName("GetReservation").WithSummary("One reservation").RequireRoles(HotelRoles.Desk);
        group.MapPatch("/reservations/{id:guid}", Change).WithName("ChangeReservation")
            .WithSummary("New dates (the cut-off moves with them), a room, or the guest's details").RequireRoles(HotelRoles.Desk);
        group.MapPost("/reservations/{id:guid}/check-in", CheckIn).WithName("CheckInReservation")
            .WithSummary("Check in before the cut-off (disarms it), into the room given, the one reserved, or any ready room").RequireRoles(HotelRoles.Desk);
        group.MapPost("/reservations/{id:guid}/check-out", CheckOut).WithName("CheckOutReservation")
            .WithSummary("Check out: the nights stayed are charged, the folio completes and is invoiced, the room needs cleaning").RequireRoles(HotelRoles.Desk);
        group.MapPost("/reservations/{id:guid}/cancel", Cancel).WithName("CancelReservation").WithSummary("Cancel; the nights go back on sale")
            .RequireRoles(HotelRoles.Desk);
        group.MapPost("/reservations/{id:guid}/reinstate", Reinstate).WithName("ReinstateReservation")
            .WithSummary("Reinstate a no-show before the business day ends: the nights are held again and the fee reversed").RequireRoles(HotelRoles.Desk);
        group.MapGet("/no-shows", NoShows).WithName("ListHotelNoShows").WithSummary("No-show records, latest first").RequireRoles(HotelRoles.Desk);
        group.MapGet("/folios/{id:guid}", Folio).WithName("GetFolio").WithSummary("A stay's folio (same id as its reservation)").RequireRoles(HotelRoles.Desk);
        group.MapPost("/folios/{id:guid}/charges", PostCharge).WithName("PostFolioCharge")
            .WithSummary("Post a charge (ROOM, FOOD_BEVERAGE, SERVICE, OTHER) to an open folio").RequireRoles(HotelRoles.Desk);
        group.MapPost("/folios/{id:guid}/payments", PostPayment).WithName("PostFolioPayment")
            .WithSummary("Post a payment (CASH, CARD, TRANSFER, OTHER) to an open folio").RequireRoles(HotelRoles.Desk);
        group.MapGet("/invoices", Invoices).WithName("ListInvoices").WithSummary("The hotel's invoices, latest number first").RequireRoles(HotelRoles.Desk);
    }

    public static async Task<Created<ReservationResponse>> Book(BookRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new BookReservation(Guest(check, request.GuestName, request.GuestEmail, request.GuestPhone, required: true)!,
            check.Id("roomTypeId", request.RoomTypeId), request.RoomId, check.Date("arrivalDate", request.ArrivalDate),
            check.Date("departureDate", request.DepartureDate), request.Guaranteed ?? false,
            request.NightlyRate is null ? null : check.Money("nightlyRate", request.NightlyRate, 0m, 1_000_000m));
        check.ThrowIfInvalid();
        var booked = await cluster.GetGrain<IReservationGrain>(Guid.NewGuid()).Book(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/hotels/current/reservations/{booked.Id}", ReservationResponse.From(booked));
    }

    public static async Task<Ok<PageResponse<ReservationResponse>>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new ReservationFilter(query.Status, query.ArrivalFrom,
            query.ArrivalTo);
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IHotelQueryGrain>(0).Reservations(filter, paging, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, ReservationResponse.From));
    }

    public static async Task<Ok<ReservationResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(ReservationResponse.From(await cluster.GetGrain<IReservationGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<ReservationResponse>> Change(Guid id, ChangeRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var reservation = cluster.GetGrain<IReservationGrain>(id);
        var caller = user.ToCaller();
        Guest? guest = null;
        if (request.GuestName is not null || request.GuestEmail is not null || request.GuestPhone is not null)
        {
            var current = (await reservation.Get(caller)).Guest;
            guest = Guest(check, request.GuestName ?? current.Name, request.GuestEmail ?? current.Email, request.GuestPhone ?? current.Phone, required: true);
        }
        var command = new ChangeReservation(guest, request.ArrivalDate, request.DepartureDate,
            request.RoomId, request.Guaranteed);
        check.ThrowIfInvalid();
        return TypedResults.Ok(ReservationResponse.From(await reservation.Change(command, caller)));
    }

    public static async Task<Ok<ReservationResponse>> CheckIn(Guid id, CheckInRequest? request, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(ReservationResponse.From(await cluster.GetGrain<IReservationGrain>(id).CheckIn(request?.RoomId, user.ToCaller())));

    public static async Task<Ok<ReservationResponse>> CheckOut(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(ReservationResponse.From(await cluster.GetGrain<IReservationGrain>(id).CheckOut(user.ToCaller())));

    public static async Task<Ok<ReservationResponse>> Cancel(Guid id, CancelRequest? request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var reason = check.OptionalText("reason", request?.Reason, 500);
        check.ThrowIfInvalid();
        return TypedResults.Ok(ReservationResponse.From(await cluster.GetGrain<IReservationGrain>(id).Cancel(reason, user.ToCaller())));
    }

    public static async Task<Ok<ReservationResponse>> Reinstate(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(ReservationResponse.From(await cluster.GetGrain<IReservationGrain>(id).Reinstate(user.ToCaller())));

    public static async Task<Ok<PageResponse<NoShowRecord>>> NoShows([AsParameters] PageQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = Paging(query);
        return TypedResults.Ok(PageResponse.From(await cluster.GetGrain<IHotelQueryGrain>(0).NoShows(paging, user.ToCaller()), r => r));
    }

    public static async Task<Ok<FolioResponse>> Folio(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(FolioResponse.From(await cluster.GetGrain<IReservationGrain>(id).Folio(user.ToCaller())));

    public static async Task<Created<FolioResponse>> PostCharge(Guid id, ChargeRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var kind = request.Kind ?? ChargeKind.OTHER;
        if (kind is ChargeKind.NO_SHOW_FEE or ChargeKind.NO_SHOW_FEE_REVERSAL)
        {
            check.Add("kind", "kind must be one of ROOM, FOOD_BEVERAGE, SERVICE, OTHER.");
        }
        var command = new PostCharge(kind, check.Text("description", request.Description, 200), check.Money("amount", request.Amount, 0.01m, 1_000_000m));
        check.ThrowIfInvalid();
        var folio = await cluster.GetGrain<IReservationGrain>(id).PostCharge(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/hotels/current/folios/{id}", FolioResponse.From(folio));
    }

    public static async Task<Created<FolioResponse>> PostPayment(Guid id, PaymentRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new PostPayment(request.Method ?? PaymentMethod.CARD,
            check.Money("amount", request.Amount, 0.01m, 1_000_000m), check.OptionalText("reference", request.Reference, 100));
        check.ThrowIfInvalid();
        var folio = await cluster.GetGrain<IReservationGrain>(id).PostPayment(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/hotels/current/folios/{id}", FolioResponse.From(folio));
    }

    public static async Task<Ok<PageResponse<InvoiceResponse>>> Invoices([AsParameters] PageQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = Paging(query);
        return TypedResults.Ok(PageResponse.From(await cluster.GetGrain<IHotelQueryGrain>(0).Invoices(paging, user.ToCaller()), InvoiceResponse.From));
    }

    internal static Hms.Common.Paging Paging(PageQuery query)
    {
        var check = new RequestCheck();
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        return paging;
    }

    private static Guest? Guest(RequestCheck check, string? name, string? email, string? phone, bool required) =>
        new(check.Text("guestName", name, 200, required), check.OptionalEmail("guestEmail", email), check.OptionalText("guestPhone", phone, 32));
}
