using System.Security.Claims;
using System.Text.RegularExpressions;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.KpiAlerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.KpiAlerts;

/// <summary>The built-in KPI store: values pushed by the organization's systems; threshold alerts on a metric evaluate at once.</summary>
public static partial class KpiValueEndpoints
{
    public sealed record SeriesQuery(DateTimeOffset? From, DateTimeOffset? To, int? Limit, int? Offset);

    public static RouteGroupBuilder MapKpiValueEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/kpis").WithTags("KPI alerts").RequireRoles(Roles.KpiManagers);
        group.MapPost("/{metricKey}/values", Push).WithName("PushKpiValue")
            .WithSummary("Store a value (timestamp defaults to now; the same timestamp again replaces it)");
        group.MapGet("/{metricKey}/values", Series).WithName("ListKpiValues").WithSummary("A metric's values in [from, to), oldest first");
        return group;
    }

    public static async Task<Created<KpiValueResponse>> Push(string metricKey, PushKpiValueRequest request, ClaimsPrincipal user,
        IClusterClient cluster, TimeProvider clock)
    {
        var check = new RequestCheck();
        var metric = MetricKey(check, metricKey);
        if (request.Value is null)
        {
            check.Add("value", "value is required (a number).");
        }
        var at = request.Timestamp ?? clock.GetUtcNow();
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var point = await cluster.GetGrain<IKpiMetricGrain>(KpiMetricKey.Of(caller.TenantId, metric)).Push(new KpiPoint(at, request.Value!.Value), caller);
        return TypedResults.Created($"/api/v1/kpis/{metric}/values", new KpiValueResponse(metric, point.Value, point.At));
    }

    public static async Task<Ok<PageResponse<KpiValueResponse>>> Series(string metricKey, [AsParameters] SeriesQuery query, ClaimsPrincipal user,
        IClusterClient cluster)
    {
        var check = new RequestCheck();
        var metric = MetricKey(check, metricKey);
        var from = query.From;
        var to = query.To;
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IKpiQueryGrain>(0).Series(metric, from, to, paging, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, p => new KpiValueResponse(metric, p.Value, p.At)));
    }

    private static string MetricKey(RequestCheck check, string key)
    {
        if (!MetricKeyPattern().IsMatch(key))
        {
            check.Add("metricKey", "metricKey is 1–100 letters, digits, '.', '_', ':' or '-'.");
        }
        return key;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex MetricKeyPattern();
}
