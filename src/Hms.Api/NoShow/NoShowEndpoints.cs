using System.Security.Claims;
using Hms.Appointments;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.NoShow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.NoShow;

public static class NoShowEndpoints
{
    public sealed record LogQuery(DateOnly? From, DateOnly? To, Guid? DoctorId, Guid? PatientId, NoShowReason? Reason, int? Limit, int? Offset);

    public sealed record NoShowLogResponse(Guid Id, Guid AppointmentId, Guid PatientId, Guid DoctorId, string Reason,
        string AppointmentDate, string SlotTime, int TimeoutMinutes, DateTimeOffset TriggeredAt, bool SlotReleased,
        DateTimeOffset? SlotReleasedAt, bool NotificationSent, string? Notes, string? CreatedBy);

    /// <summary>A NO_SHOW marked by staff; reason MANUAL_STAFF when left out (AUTO_TIMEOUT is the system's own).</summary>
    public sealed record MarkRequest(NoShowReason? Reason = null, string? Notes = null);

    public sealed record MarkResponse(NoShowLogResponse Log, Appointments.AppointmentResponse Appointment);

    public static RouteGroupBuilder MapNoShowEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var group = app.MapGroup("/api/v1/no-show").WithTags("No-show");
        group.MapPost("/{appointmentId:guid}", Mark).WithName("MarkNoShow")
            .WithSummary("Staff mark NO_SHOW (MANUAL_STAFF, MANUAL_DOCTOR, PATIENT_CALLED); the slot is released with 5+ minutes left")
            .RequireRoles(Roles.Staff);
        group.MapGet("/logs", Logs).WithName("GetNoShowLogs")
            .WithSummary("NO_SHOW history with filters (date range, doctor, patient, reason) and paging")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Receptionist);
        group.MapGet("/stats", Stats).WithName("GetNoShowStats")
            .WithSummary("NO_SHOW rate over appointments whose time has passed, by reason and by doctor (default: last 30 days)")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor);
        group.MapStageAlertEndpoints();
        group.MapNoShowCheckEndpoints(configuration);
        return group;
    }

    public static async Task<Ok<PageResponse<NoShowLogResponse>>> Logs([AsParameters] LogQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new NoShowLogFilter(
            query.From,
            query.To,
            query.DoctorId,
            query.PatientId,
            query.Reason,
            check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();

        var page = await cluster.GetGrain<INoShowQueryGrain>(0).GetLogs(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, Response));
    }

    public sealed record StatsResponse(string From, string To, int TotalAppointments, int NoShows, double NoShowRate,
        IReadOnlyDictionary<string, int> ByReason, IReadOnlyList<DoctorNoShowStats> ByDoctor, NoShowPrevention Prevention);

    public static async Task<Ok<StatsResponse>> Stats(DateOnly? from, DateOnly? to, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var (start, end) = (from, to);
        check.ThrowIfInvalid();
        var stats = await cluster.GetGrain<INoShowQueryGrain>(0).GetStats(start, end, user.ToCaller());
        return TypedResults.Ok(new StatsResponse(Formats.Date(stats.From), Formats.Date(stats.To), stats.Appointments, stats.NoShows,
            stats.NoShowRate, stats.ByReason.ToDictionary(r => r.Key.ToString(), r => r.Value), stats.ByDoctor, stats.Prevention));
    }

    public static async Task<Ok<MarkResponse>> Mark(Guid appointmentId, MarkRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var reason = request.Reason ?? NoShowReason.MANUAL_STAFF;
        if (reason == NoShowReason.AUTO_TIMEOUT)
        {
            check.Add("reason", "AUTO_TIMEOUT is the system's own; use MANUAL_STAFF, MANUAL_DOCTOR or PATIENT_CALLED.");
        }
        var notes = check.OptionalText("notes", request.Notes, 1000);
        check.ThrowIfInvalid();
        var result = await cluster.GetGrain<Hms.Appointments.IAppointmentGrain>(appointmentId).MarkNoShow(reason, notes, user.ToCaller());
        return TypedResults.Ok(new MarkResponse(Response(result.Log), Appointments.AppointmentResponse.From(result.Appointment)));
    }

    private static NoShowLogResponse Response(NoShowLogView l) => new(l.Id, l.AppointmentId, l.PatientId, l.DoctorId,
        l.Reason.ToString(), Formats.Date(l.AppointmentDate), l.SlotTime, l.TimeoutMinutes, l.TriggeredAt, l.SlotReleased,
        l.SlotReleasedAt, l.NotificationSent, l.Notes, l.CreatedBy);
}
