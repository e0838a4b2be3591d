using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Api.Jobs;
using Hms.Jobs;
using Hms.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Operations;

/// <summary>The caller's tenant's deadlines as an operator sees them: what is pending and late, runs per hour, and firing a due one now.</summary>
public static class DeadlineEndpoints
{
    public const int DefaultHistoryHours = 24;

    public sealed record LatenessResponse(int Samples, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs)
    {
        public static LatenessResponse From(LatenessStats s) => new(s.Samples, s.P50Ms, s.P95Ms, s.P99Ms, s.MaxMs);
    }

    /// <summary><c>lateness</c>: the kind's handled runs of the last hour.</summary>
    public sealed record KindResponse(string Kind, int Pending, int DueNextHour, int Overdue, LatenessResponse Lateness);

    public sealed record DeadlineResponse(string Kind, string SubjectId, DateTimeOffset DueAt);

    public sealed record OverviewResponse(DateTimeOffset At, int OverdueGraceSeconds, IReadOnlyList<KindResponse> Kinds,
        IReadOnlyList<DeadlineResponse> Overdue, int OverdueTotal);

    /// <summary>One UTC hour (<c>hour</c> is its start): runs ok and failed, lateness percentiles of its handled deadline runs.</summary>
    public sealed record HourResponse(DateTimeOffset Hour, int Ok, int Failed, double? LatenessP50Ms, double? LatenessP95Ms, double? LatenessP99Ms);

    /// <summary>The hours oldest first, every hour present (zeros when nothing ran), as the console (issue 16) charts them.</summary>
    public sealed record HistoryResponse(IReadOnlyList<HourResponse> Hours);

    public sealed record HistoryQuery(int? Hours);

    public sealed record FiredResponse(string Kind, string SubjectId, DateTimeOffset DueAt, bool Handled, DateTimeOffset? NextDueAt);

    public static void MapDeadlineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/operations").WithTags("Operations").RequireRoles(JobRunEndpoints.Readers);
        group.MapGet("/deadlines", Overview).WithName("DeadlineOverview")
            .WithSummary("Pending deadlines per kind (due in the next hour, overdue past the grace), last hour's lateness, and the overdue ones (at most 100)");
        group.MapGet("/history", History).WithName("RunHistory")
            .WithSummary("Runs per UTC hour over the last hours (1–168, default 24): ok and failed counts, lateness p50/p95/p99 of deadline runs");
        group.MapPost("/deadlines/{kind}/{subjectId}/fire", Fire).WithName("FireDeadline")
            .WithSummary("Deliver a due deadline's tick to its grain now; it handles only what is due (409 deadline_not_due for one still ahead)");
    }

    public static async Task<Ok<OverviewResponse>> Overview(ClaimsPrincipal user, IClusterClient cluster)
    {
        var o = await cluster.GetGrain<IOperationsGrain>(0).Deadlines(user.ToCaller());
        return TypedResults.Ok(new OverviewResponse(o.At, (int)o.OverdueGrace.TotalSeconds,
            [.. o.Kinds.Select(k => new KindResponse(k.Kind, k.Pending, k.DueNextHour, k.Overdue, LatenessResponse.From(k.LatenessLastHour)))],
            [.. o.Overdue.Select(d => new DeadlineResponse(d.Kind, d.SubjectId, d.DueAt))], o.OverdueTotal));
    }

    public static async Task<Ok<HistoryResponse>> History([AsParameters] HistoryQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var hours = check.Number("hours", query.Hours, 1, OperationsLimits.MaxHistoryHours, DefaultHistoryHours);
        check.ThrowIfInvalid();
        var buckets = await cluster.GetGrain<IOperationsGrain>(0).History(hours, user.ToCaller());
        return TypedResults.Ok(new HistoryResponse([.. buckets.Select(b => new HourResponse(b.HourStart, b.Completed, b.Failed, b.P50Ms, b.P95Ms, b.P99Ms))]));
    }

    /// <summary><paramref name="subjectId"/>: the record's id, or a hotel job's name for HOTEL_JOB.</summary>
    public static async Task<Ok<FiredResponse>> Fire(string kind, string subjectId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var code = check.Text("kind", kind, 40);
        var subject = check.Text("subjectId", subjectId, 100);
        check.ThrowIfInvalid();
        var fired = await cluster.GetGrain<IOperationsGrain>(0).Fire(code, subject, user.ToCaller());
        return TypedResults.Ok(new FiredResponse(fired.Kind, fired.SubjectId, fired.DueAt, fired.Handled, fired.NextDueAt));
    }
}
