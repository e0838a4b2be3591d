using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Jobs;
using Hms.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Operations;

/// <summary>A FAILED execution retried by re-running its subject's handling: its deadline, its hotel job, or its pass.</summary>
public static class RunRetryEndpoints
{
    /// <summary><c>via</c>: DEADLINE, HOTEL_JOB or PASS; <c>execution</c>: the run the retry recorded (null when it recorded none).</summary>
    public sealed record RetryResponse(Guid RetriedJobId, string Via, JobExecutionResponse? Execution);

    public static void MapRunRetryEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/jobs").WithTags("Job executions").RequireRoles(JobRunEndpoints.Readers)
            .MapPost("/{jobId:guid}/retry", Retry).WithName("RetryJobExecution")
            .WithSummary("Retry a FAILED execution now (409 run_not_failed otherwise) → { retriedJobId, via, execution }");

    public static async Task<Ok<RetryResponse>> Retry(Guid jobId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var retry = await cluster.GetGrain<IOperationsGrain>(0).RetryRun(jobId, user.ToCaller());
        return TypedResults.Ok(new RetryResponse(retry.RetriedJobId, retry.Via, retry.Execution is { } e ? JobExecutionResponse.From(e) : null));
    }
}
