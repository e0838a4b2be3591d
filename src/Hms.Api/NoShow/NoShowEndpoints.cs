using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.NoShow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.NoShow;

public static class NoShowEndpoints
{
    public sealed record LogQuery(string? From, string? To, string? DoctorId, string? PatientId, string? Reason, int? Limit, int? Offset);

    public sealed record NoShowLogResponse(Guid Id, Guid AppointmentId, Guid PatientId, Guid DoctorId, string Reason,
        string AppointmentDate, string SlotTime, int TimeoutMinutes, DateTimeOffset TriggeredAt, bool SlotReleased,
        DateTimeOffset? SlotReleasedAt, bool NotificationSent, string? Notes, string? CreatedBy);

    public static RouteGroupBuilder MapNoShowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/no-show").WithTags("No-show");
        group.MapGet("/logs", Logs).WithName("GetNoShowLogs")
            .WithSummary("NO_SHOW history with filters (date range, doctor, patient, reason) and paging")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Receptionist);
        return group;
    }

    public static async Task<Ok<PageResponse<NoShowLogResponse>>> Logs([AsParameters] LogQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new NoShowLogFilter(
            check.OptionalDate("from", query.From),
            check.OptionalDate("to", query.To),
            check.OptionalId("doctorId", query.DoctorId),
            check.OptionalId("patientId", query.PatientId),
            check.OptionalEnum<NoShowReason>("reason", query.Reason),
            check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();

        var page = await cluster.GetGrain<INoShowQueryGrain>(0).GetLogs(filter, user.ToCaller());
        return TypedResults.Ok(new PageResponse<NoShowLogResponse>([.. page.Items.Select(Response)], page.Total, page.Limit, page.Offset));
    }

    private static NoShowLogResponse Response(NoShowLogView l) => new(l.Id, l.AppointmentId, l.PatientId, l.DoctorId,
        l.Reason.ToString(), Formats.Date(l.AppointmentDate), l.SlotTime, l.TimeoutMinutes, l.TriggeredAt, l.SlotReleased,
        l.SlotReleasedAt, l.NotificationSent, l.Notes, l.CreatedBy);
}
