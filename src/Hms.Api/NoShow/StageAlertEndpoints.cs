using System.Security.Claims;
using System.Text.Json;
using Hms.Api.Appointments;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Appointments;
using Hms.Common;
using Hms.NoShow;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hms.Api.NoShow;

/// <summary>The stage-alert board: list, acknowledge, resolve, and a live feed.</summary>
public static class StageAlertEndpoints
{
    public sealed record AlertQuery(string? Status, string? Type, int? Limit, int? Offset);

    /// <summary>An alert as the board shows it, with the patient's and the doctor's names.</summary>
    public static AlertResponse Board(StageAlertBoardItem i) => AlertResponse.From(i.Alert,
        new AlertPatient(i.PatientFirstName, i.PatientLastName, i.PatientMrn),
        new AlertDoctor(new PersonName(i.DoctorFirstName, i.DoctorLastName)));

    public static void MapStageAlertEndpoints(this RouteGroupBuilder noShow)
    {
        noShow.MapGet("/alerts", List).WithName("GetStageAlerts")
            .WithSummary("The alert board: NO_VITALS, NO_DOCTOR, WAITING_TOO_LONG with patient and doctor names")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist);
        noShow.MapGet("/alerts/stream", Stream).WithName("StreamStageAlerts")
            .WithSummary("Server-Sent Events: every new or changed alert of the caller's hospital, within a second")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist);
        noShow.MapPut("/alerts/{alertId:guid}/acknowledge", Acknowledge).WithName("AcknowledgeStageAlert")
            .WithSummary("ACTIVE → ACKNOWLEDGED").RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse);
        noShow.MapPut("/alerts/{alertId:guid}/resolve", Resolve).WithName("ResolveStageAlert")
            .WithSummary("→ RESOLVED").RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse);
    }

    public static async Task<Ok<PageResponse<AlertResponse>>> List([AsParameters] AlertQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new StageAlertFilter(check.OptionalEnum<StageAlertStatus>("status", query.Status),
            check.OptionalEnum<StageAlertType>("type", query.Type), check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IStageAlertQueryGrain>(0).List(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, Board));
    }

    public static Task<Ok<AlertResponse>> Acknowledge(Guid alertId, ClaimsPrincipal user, IClusterClient cluster) =>
        ChangeAsync(alertId, user, cluster, (appointment, caller) => appointment.AcknowledgeAlert(alertId, caller));

    public static Task<Ok<AlertResponse>> Resolve(Guid alertId, ClaimsPrincipal user, IClusterClient cluster) =>
        ChangeAsync(alertId, user, cluster, (appointment, caller) => appointment.ResolveAlert(alertId, caller));

    /// <summary>
    /// Polls the board for changes twice a second and writes each new or changed alert as an SSE
    /// event. Each poll looks a little back (commits can land out of timestamp order) and an alert is
    /// sent again only when it differs from what was last sent.
    /// </summary>
    public static async Task Stream(HttpContext context, ClaimsPrincipal user, IClusterClient cluster, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var caller = user.ToCaller();
        var board = cluster.GetGrain<IStageAlertQueryGrain>(0);
        var cancel = context.RequestAborted;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": alert feed\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);

        var cursor = (await board.ChangedSince(null, caller)).Cursor;
        var sent = new Dictionary<Guid, StageAlertBoardItem>();
        var lastWrite = DateTime.UtcNow;
        while (!cancel.IsCancellationRequested)
        {
            var changes = await board.ChangedSince(cursor - LookBack, caller);
            foreach (var item in changes.Items)
            {
                // Two changes can share a timestamp; the alert's own content tells them apart.
                if (sent.TryGetValue(item.Alert.Id, out var last) && last.Alert == item.Alert)
                {
                    continue;
                }
                sent[item.Alert.Id] = item;
                var data = JsonSerializer.Serialize(Board(item), json.Value.SerializerOptions);
                await context.Response.WriteAsync($"event: alert\nid: {item.Alert.Id}\ndata: {data}\n\n", cancel);
                lastWrite = DateTime.UtcNow;
            }
            if (changes.Cursor > cursor)
            {
                cursor = changes.Cursor;
            }
            if (DateTime.UtcNow - lastWrite > TimeSpan.FromSeconds(15))
            {
                await context.Response.WriteAsync(": keep-alive\n\n", cancel); // proxies keep the connection
                lastWrite = DateTime.UtcNow;
            }
            await context.Response.Body.FlushAsync(cancel);
            foreach (var old in sent.Where(s => s.Value.UpdatedAt < cursor - LookBack - LookBack).Select(s => s.Key).ToList())
            {
                sent.Remove(old);
            }
            try
            {
                await Task.Delay(PollEvery, cancel);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LookBack = TimeSpan.FromSeconds(2);

    private static async Task<Ok<AlertResponse>> ChangeAsync(Guid alertId, ClaimsPrincipal user, IClusterClient cluster,
        Func<IAppointmentGrain, Caller, Task<StageAlertView>> change)
    {
        var caller = user.ToCaller();
        var appointmentId = await cluster.GetGrain<IStageAlertQueryGrain>(0).FindAppointment(alertId, caller)
            ?? throw Errors.NotFound("alert_not_found", "No such alert.");
        return TypedResults.Ok(AlertResponse.From(await change(cluster.GetGrain<IAppointmentGrain>(appointmentId), caller)));
    }
}
