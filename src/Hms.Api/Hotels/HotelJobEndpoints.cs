using System.Security.Claims;
using System.Text.Json;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Api.Jobs;
using Hms.Common;
using Hms.Hotels;
using Hms.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hotels;

/// <summary>
/// The hotel's five jobs: their schedules (each a deadline of the hotel's own jobs grain), a manual
/// trigger, and the cron routes of the system they replace — a backup that runs a job for every hotel.
/// </summary>
public static class HotelJobEndpoints
{
    /// <summary>How many hotels a cron route runs at once.</summary>
    public const int CronParallelism = 8;

    /// <summary>A job's schedule: fields left out keep their value (a daily job takes localTime, a weekly one also weekday, an hourly one everyHours).</summary>
    public sealed record ConfigureRequest(bool? Enabled = null, TimeOnly? LocalTime = null, DayOfWeek? Weekday = null,
        [property: System.ComponentModel.DataAnnotations.Range(1, 24)] int? EveryHours = null);

    public sealed record TriggerResponse(bool Success, JobExecutionResponse Job, JsonElement? Result,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public sealed record CronResult(string HotelId, string Status, Guid? JobId, JsonElement? Result,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public sealed record CronResponse(string JobName, IReadOnlyList<CronResult> Results, int Succeeded, int Failed);

    public static void MapHotelJobEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var hotel = app.MapGroup("/api/v1/hotels/current/jobs").WithTags("Hotel jobs");
        hotel.MapGet("/", List).WithName("ListHotelJobs").WithSummary("The hotel's jobs: schedule in the hotel's time, next run, last run, pending retry")
            .RequireRoles(HotelRoles.Admins);
        hotel.MapPut("/{jobName}", Configure).WithName("ConfigureHotelJob")
            .WithSummary("Switch a job on or off or move its local time (maintenance-schedule: also weekday; check-no-shows: everyHours)")
            .RequireRoles(HotelRoles.Admins);
        app.MapPost("/api/jobs/trigger/{jobName}", Trigger).WithName("TriggerHotelJob").WithTags("Hotel jobs")
            .WithSummary("Run one of the hotel's jobs now → { success, job, result }").RequireRoles(HotelRoles.Admins);
        var secret = MachineSecrets.Get(configuration, MachineSecrets.CronSecret);
        foreach (var job in HotelJobs.Scheduled)
        {
            app.MapPost($"/api/cron/{job.Name}", (HttpRequest request, IClusterClient cluster) => Cron(job, request, cluster, secret))
                .WithName($"Cron-{job.Name}").WithTags("Hotel jobs")
                .WithSummary($"For a scheduler (Authorization: Bearer CRON_SECRET): {job.Name} for every hotel; off without CRON_SECRET")
                .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
        }
    }

    public static async Task<Ok<IReadOnlyList<HotelJobResponse>>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var jobs = await cluster.GetGrain<IHotelJobsGrain>(caller.TenantId).Jobs(caller);
        return TypedResults.Ok<IReadOnlyList<HotelJobResponse>>([.. jobs.Select(HotelJobResponse.From)]);
    }

    public static async Task<Ok<HotelJobResponse>> Configure(string jobName, ConfigureRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var job = Job(jobName);
        var check = new RequestCheck();
        var command = new ConfigureHotelJob(job, request.Enabled, request.LocalTime, request.Weekday,
            request.EveryHours is null ? null : check.Number("everyHours", request.EveryHours, 1, 24));
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        return TypedResults.Ok(HotelJobResponse.From(await cluster.GetGrain<IHotelJobsGrain>(caller.TenantId).Configure(command, caller)));
    }

    public static async Task<Ok<TriggerResponse>> Trigger(string jobName, ClaimsPrincipal user, IClusterClient cluster)
    {
        var job = Job(jobName);
        var caller = user.ToCaller();
        var outcome = await cluster.GetGrain<IHotelJobsGrain>(caller.TenantId).Run(job, caller, RunSource.Manual);
        var execution = await cluster.GetGrain<IJobRunQueryGrain>(0).Get(outcome.RunId, caller);
        return TypedResults.Ok(new TriggerResponse(outcome.Status == JobStatus.Completed, JobExecutionResponse.From(execution), RawJson.Parse(outcome.Result),
            outcome.Error));
    }

    public static async Task<Results<Ok<CronResponse>, ProblemHttpResult>> Cron(JobName job, HttpRequest request, IClusterClient cluster, string? secret)
    {
        if (secret is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The hotel cron routes are off: CRON_SECRET is not set.",
                extensions: new Dictionary<string, object?> { ["code"] = "trigger_disabled" });
        }
        var header = request.Headers.Authorization.FirstOrDefault();
        var given = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        if (!MachineSecrets.Matches(secret, given))
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "Authorization: Bearer <CRON_SECRET> is required.",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_cron_secret" });
        }
        var hotels = await cluster.GetGrain<IHotelQueryGrain>(0).HotelIds(Caller.System(Caller.EveryTenant));
        var results = new CronResult[hotels.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, hotels.Length), new ParallelOptions { MaxDegreeOfParallelism = CronParallelism },
            async (i, _) => results[i] = await RunForAsync(cluster, job, hotels[i]));
        return TypedResults.Ok(new CronResponse(job.Name, results, results.Count(r => r.Status == JobStatus.Completed.Name),
            results.Count(r => r.Status != JobStatus.Completed.Name)));
    }

    /// <summary>One hotel's run; its failure is its own result, never the others'.</summary>
    private static async Task<CronResult> RunForAsync(IClusterClient cluster, JobName job, string hotelId)
    {
        try
        {
            var outcome = await cluster.GetGrain<IHotelJobsGrain>(hotelId).Run(job, Caller.System(hotelId), RunSource.Cron);
            return new CronResult(hotelId, outcome.Status.Name, outcome.RunId, RawJson.Parse(outcome.Result), outcome.Error);
        }
        catch (Exception ex)
        {
            return new CronResult(hotelId, JobStatus.Failed.Name, null, null, ex.Message);
        }
    }

    private static JobName Job(string name) =>
        HotelJobs.Find(name) ?? throw Errors.NotFound("job_not_found", $"'{name}' is not a hotel job; one of {string.Join(", ", HotelJobs.Scheduled)}.");
}
