using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.PatientExperience;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.PatientExperience;

/// <summary>
/// Patient-experience cases. Each case escalates by its own deadline at dueAt;
/// the SLA pass routes (<see cref="PxSlaEndpoints"/>) are the backup.
/// </summary>
public static class PxCaseEndpoints
{
    /// <summary>A new case; <c>dueAt</c> is the SLA deadline (an instant with its offset), priority MEDIUM when left out.</summary>
    public sealed record OpenCaseRequest(string? Title, string? Department, DateTimeOffset? DueAt, string? Description = null,
        Guid? PatientId = null, string? AssigneeId = null, PxPriority? Priority = null, bool? Active = null);

    /// <summary>A change to a case: fields left out keep their value.</summary>
    public sealed record ChangeCaseRequest(string? Title = null, string? Description = null, Guid? PatientId = null, string? Department = null,
        string? AssigneeId = null, PxPriority? Priority = null, PxCaseStatus? Status = null, DateTimeOffset? DueAt = null, bool? Active = null);

    public sealed record ListQuery(PxCaseStatus? Status, string? Department, bool? Overdue, string? AssigneeId, PxPriority? Priority, int? Limit,
        int? Offset);

    public static RouteGroupBuilder MapPxCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patient-experience/cases").WithTags("Patient experience");
        group.MapPost("/", Open).WithName("OpenPxCase")
            .WithSummary("Open a case; it escalates by itself when dueAt passes, and warns its department before")
            .RequireRoles(Roles.PatientExperience);
        group.MapGet("/", List).WithName("ListPxCases")
            .WithSummary("Cases by status, department, overdue, assignee and priority, earliest due first").RequireRoles(Roles.PatientExperience);
        group.MapGet("/{id:guid}", Get).WithName("GetPxCase").WithSummary("One case").RequireRoles(Roles.PatientExperience);
        group.MapPatch("/{id:guid}", Change).WithName("ChangePxCase")
            .WithSummary("Change fields or status (409 for moves that make no sense); a new dueAt re-arms the SLA")
            .RequireRoles(Roles.PatientExperience);
        group.MapGet("/{id:guid}/audits", Audits).WithName("ListPxCaseAudits")
            .WithSummary("The case's audit trail, oldest first").RequireRoles(Roles.PatientExperience);
        return group;
    }

    public static async Task<Created<PxCaseResponse>> Open(OpenCaseRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new OpenPxCase(
            check.Text("title", request.Title, 200),
            check.OptionalText("description", request.Description, 4000),
            request.PatientId is { } patientId && patientId == Guid.Empty ? null : request.PatientId,
            check.Text("department", request.Department, 40),
            check.OptionalText("assigneeId", request.AssigneeId, 128),
            request.Priority ?? PxPriority.MEDIUM,
            check.Instant("dueAt", request.DueAt),
            request.Active ?? true);
        check.ThrowIfInvalid();
        var opened = await cluster.GetGrain<IPxCaseGrain>(Guid.NewGuid()).Open(command, user.ToCaller());
        return TypedResults.Created($"/api/patient-experience/cases/{opened.Id}", PxCaseResponse.From(opened));
    }

    public static async Task<Ok<PageResponse<PxCaseResponse>>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new PxCaseFilter(query.Status,
            check.OptionalText("department", query.Department, 40)?.ToUpperInvariant(), query.Overdue,
            check.OptionalText("assigneeId", query.AssigneeId, 128), query.Priority,
            check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IPxCaseQueryGrain>(0).List(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, PxCaseResponse.From));
    }

    public static async Task<Ok<PxCaseResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(PxCaseResponse.From(await cluster.GetGrain<IPxCaseGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<PxCaseResponse>> Change(Guid id, ChangeCaseRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new ChangePxCase(
            request.Title is null ? null : check.Text("title", request.Title, 200),
            request.Description is null ? null : check.Text("description", request.Description, 4000, required: false),
            request.PatientId is { } patientId && patientId == Guid.Empty ? null : request.PatientId,
            request.Department is null ? null : check.Text("department", request.Department, 40),
            request.AssigneeId is null ? null : check.Text("assigneeId", request.AssigneeId, 128),
            request.Priority,
            request.Status,
            request.DueAt,
            request.Active);
        check.ThrowIfInvalid();
        return TypedResults.Ok(PxCaseResponse.From(await cluster.GetGrain<IPxCaseGrain>(id).Change(command, user.ToCaller())));
    }

    public static async Task<Ok<PageResponse<PxCaseAuditResponse>>> Audits(Guid id, int? limit, int? offset, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = PagedList.Read(limit, offset);
        var audits = await cluster.GetGrain<IPxCaseGrain>(id).Audits(user.ToCaller());
        return TypedResults.Ok(PagedList.Of(audits, paging, PxCaseAuditResponse.From));
    }
}
