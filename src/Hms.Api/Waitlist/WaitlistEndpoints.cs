using System.Security.Claims;
using Hms.Api.Appointments;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Waitlist;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Waitlist;

/// <summary>
/// The waitlist routes (/api/v1/waitlist): join a doctor's waitlist for a date range, see it, leave it, and
/// answer an offer of a freed slot (src/Hms.Grains/Waitlist/). Routes name the doctor: the list is the doctor's.
/// </summary>
public static class WaitlistEndpoints
{
    /// <summary>A patient waiting for a slot of the doctor between two dates (inclusive; from today to the booking horizon).</summary>
    public sealed record JoinWaitlistRequest(Guid? PatientId, Guid? DoctorId, DateOnly? FromDate, DateOnly? ToDate);

    public sealed record WaitlistEntryResponse(Guid Id, Guid DoctorId, Guid PatientId, string FromDate, string ToDate,
        DateTimeOffset RegisteredAt, WaitlistEntryStatus Status, DateTimeOffset? EndedAt)
    {
        public static WaitlistEntryResponse From(WaitlistEntryView e) =>
            new(e.Id, e.DoctorId, e.PatientId, Formats.Date(e.FromDate), Formats.Date(e.ToDate), e.RegisteredAt, e.Status, e.EndedAt);
    }

    public sealed record WaitlistOfferResponse(Guid Id, Guid EntryId, Guid DoctorId, Guid PatientId, string SlotDate, string StartTime,
        int SlotDuration, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt, WaitlistOfferStatus Status, Guid? AppointmentId,
        DateTimeOffset? AnsweredAt)
    {
        public static WaitlistOfferResponse From(WaitlistOfferView o) =>
            new(o.Id, o.EntryId, o.DoctorId, o.PatientId, Formats.Date(o.Date), Formats.Time(o.StartTime), o.SlotDurationMinutes,
                o.OfferedAt, o.ExpiresAt, o.Status, o.AppointmentId, o.AnsweredAt);
    }

    public sealed record WaitlistResponse(Guid DoctorId, IReadOnlyList<WaitlistEntryResponse> Entries, IReadOnlyList<WaitlistOfferResponse> Offers);

    private static readonly string[] Everyone = [.. Roles.Staff, Roles.Patient];

    public static RouteGroupBuilder MapWaitlistEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/waitlist").WithTags("Waitlist");
        group.MapPost("/", Join).WithName("JoinWaitlist")
            .WithSummary("Put a patient on a doctor's waitlist for a date range (patients: themselves)").RequireRoles(Everyone);
        group.MapGet("/", List).WithName("GetWaitlist")
            .WithSummary("A doctor's waitlist: entries in line and offers of freed slots (patients see their own)").RequireRoles(Everyone);
        group.MapDelete("/{doctorId:guid}/entries/{entryId:guid}", Leave).WithName("LeaveWaitlist")
            .WithSummary("Take an entry off the waitlist; its open offer goes to the next in line").RequireRoles(Everyone);
        group.MapPost("/{doctorId:guid}/offers/{offerId:guid}/accept", Accept).WithName("AcceptWaitlistOffer")
            .WithSummary("Book the offered slot (the normal booking validations apply); 410 once the offer expired").RequireRoles(Everyone);
        group.MapPost("/{doctorId:guid}/offers/{offerId:guid}/decline", Decline).WithName("DeclineWaitlistOffer")
            .WithSummary("Decline the offer: the slot goes to the next in line").RequireRoles(Everyone);
        return group;
    }

    public static async Task<Created<WaitlistEntryResponse>> Join(JoinWaitlistRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var patientId = check.Id("patientId", request.PatientId);
        var doctorId = check.Id("doctorId", request.DoctorId);
        var from = check.Date("fromDate", request.FromDate);
        var to = check.Date("toDate", request.ToDate);
        if (request.FromDate is { } f && request.ToDate is { } t && t < f)
        {
            check.Add("toDate", "toDate must not be before fromDate.");
        }
        check.ThrowIfInvalid();
        var entry = await cluster.GetGrain<IWaitlistGrain>(doctorId).Join(new JoinWaitlist(patientId, from, to), user.ToCaller());
        return TypedResults.Created($"/api/v1/waitlist?doctorId={doctorId}", WaitlistEntryResponse.From(entry));
    }

    public static async Task<Ok<WaitlistResponse>> List(Guid? doctorId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var doctor = check.Id("doctorId", doctorId);
        check.ThrowIfInvalid();
        var list = await cluster.GetGrain<IWaitlistGrain>(doctor).List(user.ToCaller());
        return TypedResults.Ok(new WaitlistResponse(doctor, [.. list.Entries.Select(WaitlistEntryResponse.From)],
            [.. list.Offers.Select(WaitlistOfferResponse.From)]));
    }

    public static async Task<NoContent> Leave(Guid doctorId, Guid entryId, ClaimsPrincipal user, IClusterClient cluster)
    {
        await cluster.GetGrain<IWaitlistGrain>(doctorId).Leave(entryId, user.ToCaller());
        return TypedResults.NoContent();
    }

    public static async Task<Created<AppointmentResponse>> Accept(Guid doctorId, Guid offerId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var appointment = await cluster.GetGrain<IWaitlistGrain>(doctorId).Accept(offerId, user.ToCaller());
        return TypedResults.Created($"/api/v1/appointments/{appointment.Id}", AppointmentResponse.From(appointment));
    }

    public static async Task<Ok<WaitlistOfferResponse>> Decline(Guid doctorId, Guid offerId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(WaitlistOfferResponse.From(await cluster.GetGrain<IWaitlistGrain>(doctorId).Decline(offerId, user.ToCaller())));
}
