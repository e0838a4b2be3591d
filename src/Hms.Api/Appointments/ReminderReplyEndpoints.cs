using System.Text.Encodings.Web;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Appointments;
using Hms.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Appointments;

/// <summary>
/// Patients answering reminders without signing in. A reminder's link opens a page that asks (GET) and a
/// button that does it (POST), so a mail scanner fetching the link changes nothing; a browser gets HTML,
/// any other client JSON or a problem. The SMS gateway posts replies with its shared secret.
/// </summary>
public static class ReminderReplyEndpoints
{
    public const string SmsSecret = "SMS_INBOUND_SECRET";

    public sealed record ReplyResponse(string Action, bool Done, string Message, Guid AppointmentId, string AppointmentDate,
        string StartTime, string Status);

    public sealed record InboundSmsRequest(string? From, string? Text);

    public static void MapReminderReplyEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var links = app.MapGroup("/api/v1/appointment-links").WithTags("Appointments");
        links.MapGet("/{token}", (string token, HttpRequest request, IClusterClient cluster) => FollowAsync(token, apply: false, request, cluster))
            .WithName("ShowAppointmentLink").Produces<ReplyResponse>().Produces(200, contentType: "text/html")
            .ProducesProblem(403).ProducesProblem(409).ProducesProblem(410)
            .WithSummary("A reminder's signed link (no sign-in): what it will do, as a page with a button or as JSON; 403 link_invalid, 410 link_expired/link_used/link_outdated")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
        links.MapPost("/{token}", (string token, HttpRequest request, IClusterClient cluster) => FollowAsync(token, apply: true, request, cluster))
            .WithName("FollowAppointmentLink").Produces<ReplyResponse>().Produces(200, contentType: "text/html")
            .ProducesProblem(403).ProducesProblem(409).ProducesProblem(410)
            .WithSummary("Do what a reminder's signed link says: confirm (SCHEDULED → CONFIRMED) or cancel (the slot is released); each link works once")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
        var secret = MachineSecrets.Get(configuration, SmsSecret);
        app.MapPost("/api/v1/sms/inbound", (InboundSmsRequest body, HttpRequest request, IClusterClient cluster) => SmsAsync(body, request, cluster, secret))
            .WithName("ReceiveSms").WithTags("Appointments").ProducesProblem(404).ProducesProblem(409).ProducesProblem(422)
            .WithSummary("For the SMS gateway (header x-sms-secret = SMS_INBOUND_SECRET): a patient's reply to a reminder, { from, text }; \"1\"/\"YES\" confirms, \"2\"/\"NO\" cancels the next reminded appointment; off without the secret")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
    }

    private static async Task<IResult> FollowAsync(string token, bool apply, HttpRequest request, IClusterClient cluster)
    {
        var page = WantsPage(request);
        try
        {
            var reply = await cluster.GetGrain<IReminderReplyGrain>(0).Follow(token, apply, Caller.System(Caller.EveryTenant));
            return page ? ReplyPage.Answer(reply, request.Path) : TypedResults.Ok(Response(reply));
        }
        catch (DomainException e) when (page)
        {
            return ReplyPage.Refusal(e);
        }
    }

    private static async Task<Results<Ok<ReplyResponse>, ProblemHttpResult>> SmsAsync(InboundSmsRequest body, HttpRequest request,
        IClusterClient cluster, string? secret)
    {
        if (secret is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "Inbound SMS is off: SMS_INBOUND_SECRET is not set.",
                extensions: new Dictionary<string, object?> { ["code"] = "sms_inbound_disabled" });
        }
        if (!MachineSecrets.Matches(secret, request.Headers["x-sms-secret"].FirstOrDefault()))
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid x-sms-secret header is required.",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_sms_secret" });
        }
        var check = new RequestCheck();
        var from = check.Text("from", body.From, 32);
        var text = check.Text("text", body.Text, 1600);
        if (from.Length > 0 && SmsReplies.PhoneDigits(from) is null)
        {
            check.Add("from", "A phone number: 6 to 15 digits, optionally with a leading + and spaces, dashes, dots or brackets.");
        }
        check.ThrowIfInvalid();
        var reply = await cluster.GetGrain<IReminderReplyGrain>(0).Sms(new InboundSms(from, text), Caller.System(Caller.EveryTenant));
        return TypedResults.Ok(Response(reply));
    }

    /// <summary>A browser (text/html before any JSON in Accept) gets a page; every other client JSON.</summary>
    private static bool WantsPage(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Value == "text/html")
        && !accept.Any(a => a.MediaType.Value is "application/json" or "application/problem+json");

    private static ReplyResponse Response(ReminderReply r) => new(r.Action.ToString(), r.Done, r.Message, r.Appointment.Id,
        Formats.Date(r.Appointment.AppointmentDate), Formats.Time(r.Appointment.StartTime), r.Appointment.Status.ToString());
}

/// <summary>The plain pages a patient sees: no script, no sign-in, every text encoded.</summary>
internal static class ReplyPage
{
    public static IResult Answer(ReminderReply reply, string path)
    {
        var verb = reply.Action == ReminderAction.CONFIRM ? "Confirm" : "Cancel";
        var button = reply.Done
            ? ""
            : $"""<form method="post" action="{Html(path)}"><button type="submit">{verb} my appointment</button></form>""";
        return Page(200, reply.Done ? "Thank you" : $"{verb} your appointment", reply.Message, button);
    }

    public static IResult Refusal(DomainException e) => Page(e.Status, "This link cannot be used", e.Message, "");

    private static IResult Page(int status, string title, string message, string extra) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Html(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
        button{font-size:1.1rem;padding:.6rem 1.2rem}</style></head>
        <body><h1>{{Html(title)}}</h1><p>{{Html(message)}}</p>{{extra}}</body>
        </html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
