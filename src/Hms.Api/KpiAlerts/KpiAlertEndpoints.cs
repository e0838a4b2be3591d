using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.KpiAlerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.KpiAlerts;

/// <summary>
/// An organization's KPI alerts: scheduled reports and threshold watches, each
/// running by its own deadline.
/// </summary>
public static class KpiAlertEndpoints
{
    public sealed record ListQuery(KpiAlertType? Type, bool? IsActive, int? Limit, int? Offset);

    public static RouteGroupBuilder MapKpiAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/kpi-alerts").WithTags("KPI alerts").RequireRoles(Roles.KpiManagers);
        group.MapPost("/", Create).WithName("CreateKpiAlert").WithSummary("Create a scheduled report or a threshold alert; it runs by its own deadline");
        group.MapGet("/", List).WithName("ListKpiAlerts").WithSummary("The organization's alerts, by type and active, oldest first");
        group.MapGet("/{id:guid}", Get).WithName("GetKpiAlert").WithSummary("One alert, with its next run and threshold state");
        group.MapPatch("/{id:guid}", Change).WithName("ChangeKpiAlert")
            .WithSummary("Change fields; isActive false pauses (disarms the deadline), true resumes from now");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteKpiAlert").WithSummary("Delete an alert; its deadline is disarmed");
        group.MapGet("/{id:guid}/next", Next).WithName("PreviewKpiAlertOccurrences").WithSummary("The coming occurrences (count 1–50, default 5)");
        group.MapGet("/{id:guid}/runs", Runs).WithName("ListKpiAlertRuns").WithSummary("The alert's run history, newest first");
        group.MapGet("/{id:guid}/runs/{runId:guid}/attachment", Attachment).WithName("GetKpiAlertRunAttachment")
            .WithSummary("The report a run sent (PDF, .xlsx or CSV), as a download; 404 attachment_not_found when it sent none");
        group.MapPost("/{id:guid}/run", RunNow).WithName("RunKpiAlertNow").WithSummary("A test send now; the schedule does not move")
            .RequireRateLimiting(RateLimits.TestSends);
        return group;
    }

    public static async Task<Created<KpiAlertResponse>> Create(CreateKpiAlertRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var definition = new KpiAlertDefinition(
            check.Text("name", request.Name, 200), check.Text("dashboardId", request.DashboardId, 100), check.Text("graphId", request.GraphId, 100),
            check.Text("metric", request.Metric, 200), check.Recipients(request.Recipients, required: true) ?? [], request.IsActive ?? true,
            check.Enum("type", request.Type), check.Source(request.Source) ?? KpiSource.BuiltIn,
            check.Schedule(request.Schedule), check.Threshold(request.Threshold));
        check.ThrowIfInvalid();
        var created = await cluster.GetGrain<IKpiAlertGrain>(Guid.NewGuid()).Create(definition, user.ToCaller());
        return TypedResults.Created($"/api/v1/kpi-alerts/{created.Id}", KpiAlertResponse.From(created));
    }

    public static async Task<Ok<PageResponse<KpiAlertResponse>>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var type = query.Type;
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IKpiQueryGrain>(0).Alerts(type, query.IsActive, paging, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, KpiAlertResponse.From));
    }

    public static async Task<Ok<KpiAlertResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(KpiAlertResponse.From(await cluster.GetGrain<IKpiAlertGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<KpiAlertResponse>> Change(Guid id, ChangeKpiAlertRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new ChangeKpiAlert(
            request.Name is null ? null : check.Text("name", request.Name, 200),
            request.DashboardId is null ? null : check.Text("dashboardId", request.DashboardId, 100),
            request.GraphId is null ? null : check.Text("graphId", request.GraphId, 100),
            request.Metric is null ? null : check.Text("metric", request.Metric, 200),
            check.Recipients(request.Recipients, required: false), request.IsActive, check.Source(request.Source),
            check.Schedule(request.Schedule), check.Threshold(request.Threshold));
        check.ThrowIfInvalid();
        return TypedResults.Ok(KpiAlertResponse.From(await cluster.GetGrain<IKpiAlertGrain>(id).Change(command, user.ToCaller())));
    }

    public static async Task<NoContent> Delete(Guid id, ClaimsPrincipal user, IClusterClient cluster)
    {
        await cluster.GetGrain<IKpiAlertGrain>(id).Delete(user.ToCaller());
        return TypedResults.NoContent();
    }

    public static async Task<Ok<KpiOccurrencesResponse>> Next(Guid id, int? count, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var n = check.Number("count", count, 1, 50, 5);
        check.ThrowIfInvalid();
        var alert = cluster.GetGrain<IKpiAlertGrain>(id);
        var view = await alert.Get(user.ToCaller());
        return TypedResults.Ok(new KpiOccurrencesResponse(id, view.Definition.IsActive, await alert.Next(n, user.ToCaller())));
    }

    public static async Task<Ok<PageResponse<KpiRunResponse>>> Runs(Guid id, int? limit, int? offset, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var paging = check.Paging(limit, offset);
        check.ThrowIfInvalid();
        await cluster.GetGrain<IKpiAlertGrain>(id).Get(user.ToCaller()); // 404 for an alert the caller cannot see
        var page = await cluster.GetGrain<IKpiQueryGrain>(0).Runs(id, paging, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, KpiRunResponse.From));
    }

    public static async Task<FileContentHttpResult> Attachment(Guid id, Guid runId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var file = await cluster.GetGrain<IKpiQueryGrain>(0).Attachment(id, runId, user.ToCaller())
            ?? throw Errors.NotFound("attachment_not_found", "That run of the alert sent no report, or there is no such run.");
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    public static async Task<Ok<KpiRunResponse>> RunNow(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(KpiRunResponse.From(await cluster.GetGrain<IKpiAlertGrain>(id).RunNow(user.ToCaller())));
}
