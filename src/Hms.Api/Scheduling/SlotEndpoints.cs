using System.Collections.Immutable;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Scheduling;

/// <summary>The slot routes (/api/v1/slots): a doctor's slots by day or range, generation, and blocking by hand.</summary>
public static class SlotEndpoints
{
    public sealed record SlotResponse(string Id, Guid DoctorId, string SlotDate, string StartTime, string EndTime,
        bool IsBooked, bool IsBlocked, bool IsAvailable, Guid? AppointmentId, string? BlockedReason, bool IsOffSchedule, bool IsPast,
        bool IsHeld)
    {
        public static SlotResponse From(SlotView s) => new(s.Id, s.DoctorId, Formats.Date(s.Date), Formats.Time(s.StartTime),
            Formats.Time(s.EndTime), s.IsBooked, s.IsBlocked, s.IsAvailable, s.AppointmentId, s.BlockedReason, s.IsOffSchedule, s.IsPast, s.IsHeld);
    }

    public sealed record GenerationResponse(Guid DoctorId, string From, string To, int Days, int SlotsGenerated,
        int AvailableSlots, int BookedSlots, int OffScheduleAppointments);

    public sealed record BlockRequest(bool? IsBlocked = null, string? Reason = null);

    public static RouteGroupBuilder MapSlotEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/slots").WithTags("Slots");
        group.MapGet("/doctor/{doctorId:guid}", Upcoming).WithName("GetDoctorUpcomingSlots")
            .WithSummary("All bookable future slots of a doctor over the hospital's generation window").RequireAuthorization();
        group.MapGet("/doctor/{doctorId:guid}/date/{date}", ForDate).WithName("GetDoctorSlotsForDate")
            .WithSummary("A doctor's slots on a date, generated on demand").RequireAuthorization();
        group.MapGet("/doctor/{doctorId:guid}/range", Range).WithName("GetDoctorSlotsInRange")
            .WithSummary("A doctor's slots from one date to another (at most 93 days)").RequireAuthorization();
        group.MapPost("/generate/{doctorId:guid}", Generate).WithName("GenerateSlots")
            .WithSummary("Generate the slots of the next N days (default: the hospital's window)").RequireRoles(Roles.HospitalAdmin);
        group.MapPost("/regenerate/{doctorId:guid}", Regenerate).WithName("RegenerateSlots")
            .WithSummary("Rebuild unbooked future slots from the current schedule").RequireRoles(Roles.HospitalAdmin, Roles.Doctor);
        group.MapPatch("/{slotId}/block", Block).WithName("BlockSlot")
            .WithSummary("Block or unblock a free slot").RequireRoles(Roles.SlotBlockers);
        return group;
    }

    public static async Task<Ok<PageResponse<SlotResponse>>> Upcoming(Guid doctorId, int? limit, int? offset, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = PagedList.Read(limit, offset);
        return Ok(await cluster.GetGrain<ISlotQueryGrain>(0).Upcoming(doctorId, user.ToCaller()), paging);
    }

    public static async Task<Ok<PageResponse<SlotResponse>>> ForDate(Guid doctorId, string date, int? limit, int? offset, ClaimsPrincipal user,
        IClusterClient cluster)
    {
        var check = new RequestCheck();
        var day = check.Date("date", date);
        var paging = check.Paging(limit, offset);
        check.ThrowIfInvalid();
        return Ok(await cluster.GetGrain<ISlotQueryGrain>(0).Range(doctorId, day, day, availableOnly: false, user.ToCaller()), paging);
    }

    public static async Task<Ok<PageResponse<SlotResponse>>> Range(Guid doctorId, DateOnly? from, DateOnly? to, bool? available, int? limit, int? offset,
        ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var (start, end) = (check.Date("from", from), check.Date("to", to));
        var paging = check.Paging(limit, offset);
        check.ThrowIfInvalid();
        return Ok(await cluster.GetGrain<ISlotQueryGrain>(0).Range(doctorId, start, end, available ?? false, user.ToCaller()), paging);
    }

    public static Task<Ok<GenerationResponse>> Generate(Guid doctorId, int? days, ClaimsPrincipal user, IClusterClient cluster) =>
        RunAsync(doctorId, days, regenerate: false, user, cluster);

    public static Task<Ok<GenerationResponse>> Regenerate(Guid doctorId, int? days, ClaimsPrincipal user, IClusterClient cluster) =>
        RunAsync(doctorId, days, regenerate: true, user, cluster);

    public static async Task<Ok<SlotResponse>> Block(string slotId, BlockRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!SlotId.TryParse(slotId, out var doctorId, out var date, out var start))
        {
            throw Errors.NotFound("slot_not_found", "No such slot.");
        }
        var check = new RequestCheck();
        var reason = check.OptionalText("reason", request.Reason, 500);
        check.ThrowIfInvalid();
        // The day checks the caller's tenant and roles itself.
        var slot = await cluster.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(doctorId, date))
            .SetBlocked(start, request.IsBlocked ?? true, reason, user.ToCaller());
        return TypedResults.Ok(SlotResponse.From(slot));
    }

    private static async Task<Ok<GenerationResponse>> RunAsync(Guid doctorId, int? days, bool regenerate, ClaimsPrincipal user, IClusterClient cluster)
    {
        var g = await cluster.GetGrain<ISlotQueryGrain>(0).Generate(doctorId, days, regenerate, user.ToCaller());
        return TypedResults.Ok(new GenerationResponse(doctorId, Formats.Date(g.From), Formats.Date(g.To), g.Days, g.Slots,
            g.AvailableSlots, g.BookedSlots, g.OffScheduleAppointments));
    }

    private static Ok<PageResponse<SlotResponse>> Ok(ImmutableArray<SlotView> slots, Paging paging) =>
        TypedResults.Ok(PagedList.Of(slots, paging, SlotResponse.From));
}
