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
    public sealed record AlertQuery(StageAlertStatus? Status, StageAlertType? Type, int? Limit, int? Offset);

    /// <summary>An alert as the board shows it, with the patient's and the doctor's names.</summary>
    public static AlertResponse Board(StageAlertBoardItem i) => AlertResponse.From(i.Alert,
        new AlertPatient(i.PatientFirstName, i.PatientLastName, i.PatientMrn),
        new AlertDoctor(new PersonName(i.DoctorFirstName, i.DoctorLastName)));

    public static void MapStageAlertEndpoints(this RouteGroupBuilder noShow)
    {
        var services = ((IEndpointRouteBuilder)noShow).ServiceProvider;
        var feeds = new StageAlertFeeds(services.GetRequiredService<IClusterClient>(), services.GetRequiredService<ILogger<StageAlertFeeds>>());
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(feeds.StopAll);
        noShow.MapGet("/alerts", List).WithName("GetStageAlerts")
            .WithSummary("The alert board: NO_VITALS, NO_DOCTOR, WAITING_TOO_LONG with patient and doctor names")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist);
        noShow.MapGet("/alerts/stream", (HttpContext context, ClaimsPrincipal user, IClusterClient cluster,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) => Stream(context, user, cluster, feeds, json))
            .WithName("StreamStageAlerts")
            .WithSummary("Server-Sent Events: every new or changed alert of the caller's hospital as it is recorded; reconnect with Last-Event-ID to get what was missed")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist);
        noShow.MapPut("/alerts/{alertId:guid}/acknowledge", Acknowledge).WithName("AcknowledgeStageAlert")
            .WithSummary("ACTIVE → ACKNOWLEDGED").RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse);
        noShow.MapPut("/alerts/{alertId:guid}/resolve", Resolve).WithName("ResolveStageAlert")
            .WithSummary("→ RESOLVED").RequireRoles(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse);
    }

    public static async Task<Ok<PageResponse<AlertResponse>>> List([AsParameters] AlertQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new StageAlertFilter(query.Status,
            query.Type, check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IStageAlertQueryGrain>(0).List(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, Board));
    }

    public static Task<Ok<AlertResponse>> Acknowledge(Guid alertId, ClaimsPrincipal user, IClusterClient cluster) =>
        ChangeAsync(alertId, user, cluster, (appointment, caller) => appointment.AcknowledgeAlert(alertId, caller));

    public static Task<Ok<AlertResponse>> Resolve(Guid alertId, ClaimsPrincipal user, IClusterClient cluster) =>
        ChangeAsync(alertId, user, cluster, (appointment, caller) => appointment.ResolveAlert(alertId, caller));

    /// <summary>
    /// Server-Sent Events of the caller's hospital: each alert change as pushed by the hospital's feed
    /// (<see cref="StageAlertFeeds"/>), no database query per client. Each event's id is the change's
    /// instant and alert; a client that reconnects with <c>Last-Event-ID</c> first gets every alert that
    /// changed since (one read-model query, a little further back for commits out of order, so the last
    /// event it saw may come again), then the live pushes.
    /// </summary>
    public static async Task Stream(HttpContext context, ClaimsPrincipal user, IClusterClient cluster, StageAlertFeeds feeds,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var caller = user.ToCaller();
        using var slot = context.RequestServices.GetRequiredService<StreamSlots>().TryTake(user)
            ?? throw new DomainException("too_many_streams", StatusCodes.Status429TooManyRequests,
                "This user already has as many alert streams open as allowed; close one first.");
        // The stream ends when its token does: it never presents the token again, and a revoked user must not keep listening.
        using var session = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (StreamSlots.UntilExpiry(user, DateTimeOffset.UtcNow) is { } remaining)
        {
            session.CancelAfter(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining);
        }
        var cancel = session.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": alert feed\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);

        using var client = await feeds.JoinAsync(caller, cancel);
        var sent = new Dictionary<Guid, StageAlertBoardItem>();
        async Task SendAsync(IEnumerable<StageAlertBoardItem> items)
        {
            foreach (var item in items)
            {
                // A catch-up and a push can carry the same change (same alert state), and an older state never follows a newer one.
                if (sent.TryGetValue(item.Alert.Id, out var last) && (last.Alert == item.Alert || last.UpdatedAt > item.UpdatedAt))
                {
                    continue;
                }
                sent[item.Alert.Id] = item;
                var data = JsonSerializer.Serialize(Board(item), json.Value.SerializerOptions);
                await context.Response.WriteAsync($"event: alert\nid: {EventId.Of(item)}\ndata: {data}\n\n", cancel);
            }
            await context.Response.Body.FlushAsync(cancel);
        }

        if (EventId.Parse(context.Request.Headers["Last-Event-ID"]) is { } resume)
        {
            var missed = await cluster.GetGrain<IStageAlertQueryGrain>(0).ChangedSince(resume.UpdatedAt - StageAlertFeeds.LookBack, caller);
            await SendAsync(missed);
        }
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                keepAlive.CancelAfter(KeepAliveEvery);
                try
                {
                    if (!await client.Pushed.WaitToReadAsync(keepAlive.Token))
                    {
                        break; // the client fell behind: the stream ends, it reconnects with Last-Event-ID
                    }
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancel); // proxies keep the connection
                    await context.Response.Body.FlushAsync(cancel);
                    continue;
                }
                while (client.Pushed.TryRead(out var items))
                {
                    await SendAsync(items);
                }
                foreach (var old in sent.Where(s => s.Value.UpdatedAt < DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)).Select(s => s.Key).ToList())
                {
                    sent.Remove(old);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException) when (client.Pushed.Completion.IsFaulted)
        {
        }
        if (session.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // The token expired: say so, so the client fetches a new one and reconnects with Last-Event-ID.
            await context.Response.WriteAsync("event: token-expired\ndata: {\"code\":\"token_expired\"}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(15);

    /// <summary>An event's id: the instant of the change (UTC ticks) and the alert.</summary>
    private readonly record struct EventId(DateTimeOffset UpdatedAt, Guid AlertId)
    {
        public static string Of(StageAlertBoardItem item) => $"{item.UpdatedAt.UtcTicks}-{item.Alert.Id:N}";

        public static EventId? Parse(string? value)
        {
            var parts = value?.Split('-');
            return parts is [var ticks, var alert] && long.TryParse(ticks, out var t) && t > 0 && t < DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(alert, "N", out var id)
                ? new EventId(new DateTimeOffset(t, TimeSpan.Zero), id)
                : null;
        }
    }

    private static async Task<Ok<AlertResponse>> ChangeAsync(Guid alertId, ClaimsPrincipal user, IClusterClient cluster,
        Func<IAppointmentGrain, Caller, Task<StageAlertView>> change)
    {
        var caller = user.ToCaller();
        var appointmentId = await cluster.GetGrain<IStageAlertQueryGrain>(0).FindAppointment(alertId, caller)
            ?? throw Errors.NotFound("alert_not_found", "No such alert.");
        return TypedResults.Ok(AlertResponse.From(await change(cluster.GetGrain<IAppointmentGrain>(appointmentId), caller)));
    }
}
