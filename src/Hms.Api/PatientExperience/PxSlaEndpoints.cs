using System.Security.Claims;
using System.Text.Json.Serialization;
using Hms.Api.Auth;
using Hms.Common;
using Hms.Jobs;
using Hms.PatientExperience;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.PatientExperience;

/// <summary>
/// The SLA routes the replaced system's clients and schedulers call: a pass over overdue cases that
/// escalates what their own deadlines have not (a backup; cases escalate by themselves at dueAt).
/// </summary>
public static class PxSlaEndpoints
{
    public sealed record RunResponse(int Scanned, int Escalated, int Skipped,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Errors);

    public sealed record CronResponse(bool Ok, int Scanned, int Escalated, int Skipped,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Errors);

    public static void MapPxSlaEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        app.MapPost("/api/patient-experience/cases/run-sla", Run).WithName("RunPxSla").WithTags("Patient experience")
            .WithSummary("Escalate the hospital's overdue cases now (actor: the caller); answers { scanned, escalated, skipped, errors? }")
            .RequireRoles(Roles.PatientExperienceLeads);
        var secret = MachineSecrets.Get(configuration, MachineSecrets.CronSecret);
        app.MapGet("/api/cron/patient-experience/run-sla", (HttpRequest request, IClusterClient cluster) => Cron(request, cluster, secret, allowQuery: true))
            .WithName("CronRunPxSla").WithTags("Patient experience")
            .WithSummary("Kept for the replaced system's schedulers, which call it with GET (header x-cron-secret or ?secret= = CRON_SECRET): the SLA pass over every hospital; prefer the POST")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
        app.MapPost("/api/cron/patient-experience/run-sla", (HttpRequest request, IClusterClient cluster) => Cron(request, cluster, secret, allowQuery: false))
            .WithName("CronRunPxSlaPost").WithTags("Patient experience")
            .WithSummary("For a scheduler (header x-cron-secret = CRON_SECRET; never in the URL, where logs keep it): the SLA pass over every hospital; off without CRON_SECRET")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
    }

    public static async Task<Ok<RunResponse>> Run(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var pass = await cluster.GetGrain<IBackupPassGrain>(PxSla.Pass).Run(caller, RunSource.Manual);
        return TypedResults.Ok(new RunResponse(pass.Scanned, pass.Handled, Skipped(pass), pass.Errors.IsEmpty ? null : pass.Errors));
    }

    public static async Task<Results<Ok<CronResponse>, ProblemHttpResult>> Cron(HttpRequest request, IClusterClient cluster, string? secret, bool allowQuery)
    {
        if (secret is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The SLA cron route is off: CRON_SECRET is not set.",
                extensions: new Dictionary<string, object?> { ["code"] = "trigger_disabled" });
        }
        var given = request.Headers["x-cron-secret"].FirstOrDefault() ?? (allowQuery ? request.Query["secret"].FirstOrDefault() : null);
        if (!MachineSecrets.Matches(secret, given))
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized",
                detail: allowQuery ? "A valid x-cron-secret header or secret query parameter is required." : "A valid x-cron-secret header is required.",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_cron_secret" });
        }
        var pass = await cluster.GetGrain<IBackupPassGrain>(PxSla.Pass).Run(Caller.System(Caller.EveryTenant), RunSource.Cron);
        return TypedResults.Ok(new CronResponse(true, pass.Scanned, pass.Handled, Skipped(pass), pass.Errors.IsEmpty ? null : pass.Errors));
    }

    /// <summary>Cases the pass found but did not escalate: their own deadline had, or they no longer qualified.</summary>
    private static int Skipped(BackupPassResult pass) => pass.Scanned - pass.Handled - pass.Errors.Length;
}
