using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Common;
using Hms.Jobs;
using Hms.NoShow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.NoShow;

/// <summary>
/// The NO_SHOW check's health and its backup triggers. The triggers run the reconcile pass: deadlines
/// past due and unhandled are handled through their grains.
/// </summary>
public static class NoShowCheckEndpoints
{
    public sealed record RunResponse(Guid RunId, int Scanned, int Handled, int Errors, long DurationMs, DateTimeOffset StartedAt,
        DeadlineHealth Health);

    public static void MapNoShowCheckEndpoints(this RouteGroupBuilder noShow, IConfiguration configuration)
    {
        noShow.MapGet("/cron-health", Health).WithName("GetNoShowCheckHealth")
            .WithSummary("Health of deadline handling: runs, failures, pending and overdue deadlines, lateness percentiles")
            .RequireRoles(Roles.HospitalAdmin);
        noShow.MapPost("/trigger", Trigger).WithName("TriggerNoShowCheck")
            .WithSummary("Run a reconcile pass for the caller's hospital now (a backup; deadlines fire on their own)")
            .RequireRoles(Roles.HospitalAdmin);
        var apiKey = MachineSecrets.Get(configuration, MachineSecrets.CronApiKey);
        noShow.MapPost("/external-trigger", (HttpRequest request, IClusterClient cluster) => External(request, cluster, apiKey))
            .WithName("ExternalTriggerNoShowCheck")
            .WithSummary("For an external scheduler (header x-cron-api-key): a reconcile pass over every hospital, answered with the health of all; off without CRON_API_KEY")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
    }

    public static async Task<Ok<DeadlineHealth>> Health(ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IDeadlineHealthGrain>(0).Get(user.ToCaller()));

    public static async Task<Ok<RunResponse>> Trigger(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var pass = await cluster.GetGrain<IBackupPassGrain>(NoShowCheck.ReconcilePass).Run(caller, RunSource.Manual);
        var health = await cluster.GetGrain<IDeadlineHealthGrain>(0).Get(caller);
        return TypedResults.Ok(Response(pass, health));
    }

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> External(HttpRequest request, IClusterClient cluster, string? apiKey)
    {
        if (apiKey is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The external trigger is off: CRON_API_KEY is not set.",
                extensions: new Dictionary<string, object?> { ["code"] = "trigger_disabled" });
        }
        if (!MachineSecrets.Matches(apiKey, request.Headers["x-cron-api-key"].FirstOrDefault()))
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid x-cron-api-key header is required.",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_api_key" });
        }
        var pass = await cluster.GetGrain<IBackupPassGrain>(NoShowCheck.ReconcilePass).Run(Caller.System(Caller.EveryTenant), RunSource.External);
        return TypedResults.Ok(Response(pass, await cluster.GetGrain<IDeadlineHealthGrain>(0).GetAll(Caller.System(Caller.EveryTenant))));
    }

    private static RunResponse Response(BackupPassResult pass, DeadlineHealth health) =>
        new(pass.RunId, pass.Scanned, pass.Handled, pass.Errors.Length, pass.DurationMs, pass.StartedAt, health);
}
