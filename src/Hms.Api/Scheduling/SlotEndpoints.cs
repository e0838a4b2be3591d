using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Doctors;
using Hms.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Scheduling;

public static class SlotEndpoints
{
    public sealed record SlotResponse(string Id, Guid DoctorId, string SlotDate, string StartTime, string EndTime,
        bool IsBooked, bool IsBlocked, Guid? AppointmentId);

    public static RouteGroupBuilder MapSlotEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/slots").WithTags("Slots");
        group.MapGet("/doctor/{doctorId:guid}/date/{date}", ForDate).WithName("GetDoctorSlotsForDate")
            .WithSummary("A doctor's slots on a date, generated on demand").RequireAuthorization();
        return group;
    }

    public static async Task<Ok<IReadOnlyList<SlotResponse>>> ForDate(Guid doctorId, string date, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var day = check.Date("date", date);
        check.ThrowIfInvalid();
        // The doctor grain checks the tenant before the day's slots are read.
        await cluster.GetGrain<IDoctorGrain>(doctorId).Get(user.ToCaller());
        var slots = await cluster.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(doctorId, day)).GetSlots();
        return TypedResults.Ok<IReadOnlyList<SlotResponse>>([.. slots.Select(s => new SlotResponse(s.Id, s.DoctorId,
            Formats.Date(s.Date), Formats.Time(s.StartTime), Formats.Time(s.EndTime), s.IsBooked, s.IsBlocked, s.AppointmentId))]);
    }
}
