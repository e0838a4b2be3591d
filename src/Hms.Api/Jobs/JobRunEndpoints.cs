using System.Security.Claims;
using System.Text.Json;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Jobs;

/// <summary>The caller's tenant's job executions: every deadline handled, scheduled or triggered run and pass, with its result.</summary>
public static class JobRunEndpoints
{
    /// <summary>Who reads a tenant's executions: its administrators and managers.</summary>
    public static readonly string[] Readers = [Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager];

    public const int StatsDays = 30;

    public sealed record ListQuery(string? JobName, string? Status, string? StartDate, string? EndDate, int? Limit, int? Offset);

    public sealed record ListResponse(IReadOnlyList<JobExecutionResponse> Jobs, int Total, int Limit, int Offset);

    public sealed record StatsResponse(int TotalJobs, int CompletedJobs, int FailedJobs, double SuccessRate, string Period, IReadOnlyList<JobNameStats> ByJob);

    public static void MapJobRunEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Job executions");
        group.MapGet("/", List).WithName("ListJobExecutions")
            .WithSummary("Executions by jobName, status and start date (startDate, endDate), newest first → { jobs, total }").RequireRoles(Readers);
        group.MapGet("/stats", Stats).WithName("JobExecutionStats")
            .WithSummary("The last 30 days: totalJobs, completedJobs, failedJobs, successRate, and per job name counts and average duration").RequireRoles(Readers);
        group.MapGet("/{jobId:guid}", Get).WithName("GetJobExecution").WithSummary("One execution with its result (metadata)").RequireRoles(Readers);
    }

    public static async Task<Ok<ListResponse>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var status = check.OptionalText("status", query.Status, 20)?.ToUpperInvariant();
        if (status is not null && status is not ("PENDING" or "RUNNING" or "COMPLETED" or "FAILED"))
        {
            check.Add("status", "status must be one of PENDING, RUNNING, COMPLETED, FAILED.");
        }
        var filter = new JobExecutionFilter(check.OptionalText("jobName", query.JobName, 100) is { } job ? JobName.Named(job) : null,
            status is null ? null : JobStatus.Named(status), Bound(check, "startDate", query.StartDate, endOfDay: false), Bound(check, "endDate", query.EndDate, endOfDay: true));
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IJobRunQueryGrain>(0).List(filter, paging, user.ToCaller());
        return TypedResults.Ok(new ListResponse([.. page.Items.Select(JobExecutionResponse.From)], page.Total, page.Limit, page.Offset));
    }

    public static async Task<Ok<StatsResponse>> Stats(ClaimsPrincipal user, IClusterClient cluster)
    {
        var stats = await cluster.GetGrain<IJobRunQueryGrain>(0).Stats(StatsDays, user.ToCaller());
        return TypedResults.Ok(new StatsResponse(stats.TotalJobs, stats.CompletedJobs, stats.FailedJobs, stats.SuccessRate, $"{StatsDays}_days", stats.ByJob));
    }

    public static async Task<Ok<JobExecutionResponse>> Get(Guid jobId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(JobExecutionResponse.From(await cluster.GetGrain<IJobRunQueryGrain>(0).Get(jobId, user.ToCaller())));

    /// <summary>A date ("2026-12-01", the whole day in UTC) or an instant with its offset.</summary>
    private static DateTimeOffset? Bound(RequestCheck check, string field, string? value, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (value.Trim().Length == 10)
        {
            var date = check.OptionalDate(field, value);
            return date is { } d ? new DateTimeOffset(d.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero) : null;
        }
        return check.OptionalInstant(field, value);
    }
}

/// <summary>One execution as the seed's clients read it (hotelId is the tenant), with how it was started and how late.</summary>
public sealed record JobExecutionResponse(Guid Id, string JobName, string HotelId, string Status, JsonElement? Metadata, string? Error,
    DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, DateTimeOffset CreatedAt, string Source, string? SubjectId, DateTimeOffset? DueAt,
    double? LatenessMs, long DurationMs, int ItemsProcessed)
{
    public static JobExecutionResponse From(JobExecution e) => new(e.Id, e.JobName.Name, e.TenantId, e.Status.Name,
        e.Metadata is null ? null : JsonDocument.Parse(e.Metadata).RootElement.Clone(), e.Error, e.StartedAt, e.CompletedAt, e.CreatedAt, e.Source.Name,
        e.SubjectId, e.DueAt, e.LatenessMs, e.DurationMs, e.ItemsProcessed);
}
