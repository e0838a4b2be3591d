using System.Security.Claims;
using System.Text.RegularExpressions;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.PatientExperience;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.PatientExperience;

/// <summary>The hospital's patient-experience departments (who hears of their cases) and SLA settings.</summary>
public static partial class PxSetupEndpoints
{
    public sealed record DepartmentRequest(string? Name, string[]? MemberIds = null, bool? IsActive = null);

    public sealed record DepartmentResponse(string Code, string Name, IReadOnlyList<string> MemberIds, bool IsActive)
    {
        public static DepartmentResponse From(PxDepartment d) => new(d.Code, d.Name, d.MemberIds, d.IsActive);
    }

    public sealed record SettingsRequest([property: System.ComponentModel.DataAnnotations.Range(1, 99)] int? AtRiskPercent);

    public sealed record SettingsResponse(int AtRiskPercent);

    public static RouteGroupBuilder MapPxSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/patient-experience").WithTags("Patient experience");
        group.MapGet("/departments", Departments).WithName("ListPxDepartments")
            .WithSummary("Departments cases are assigned to, with the staff told of their escalations").RequireRoles(Roles.PatientExperience);
        group.MapPut("/departments/{code}", SaveDepartment).WithName("SavePxDepartment")
            .WithSummary("Add or change a department; members are staff user ids").RequireRoles(Roles.PatientExperienceLeads);
        group.MapGet("/settings", Settings).WithName("GetPxSettings").WithSummary("SLA settings").RequireRoles(Roles.PatientExperience);
        group.MapPut("/settings", SaveSettings).WithName("SavePxSettings")
            .WithSummary("SLA settings: atRiskPercent (default 80) applies to SLA windows that start afterwards")
            .RequireRoles(Roles.PatientExperienceLeads);
        return group;
    }

    public static async Task<Ok<PageResponse<DepartmentResponse>>> Departments(int? limit, int? offset, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = PagedList.Read(limit, offset);
        var caller = user.ToCaller();
        var setup = await cluster.GetGrain<IPatientExperienceGrain>(caller.TenantId).Get(caller);
        return TypedResults.Ok(PagedList.Of(setup.Departments, paging, DepartmentResponse.From));
    }

    public static async Task<Ok<DepartmentResponse>> SaveDepartment(string code, DepartmentRequest request, ClaimsPrincipal user,
        IClusterClient cluster)
    {
        var check = new RequestCheck();
        if (!DepartmentCode().IsMatch(code))
        {
            check.Add("code", "code must be 1–40 letters, digits, '_' or '-'.");
        }
        var members = request.MemberIds ?? [];
        if (members.Length > 200 || members.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 128))
        {
            check.Add("memberIds", "memberIds must be at most 200 staff user ids of at most 128 characters.");
        }
        var department = new PxDepartment(code.ToUpperInvariant(), check.Text("name", request.Name, 200), [.. members.Select(m => m.Trim())],
            request.IsActive ?? true);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        return TypedResults.Ok(DepartmentResponse.From(await cluster.GetGrain<IPatientExperienceGrain>(caller.TenantId).SaveDepartment(department, caller)));
    }

    public static async Task<Ok<SettingsResponse>> Settings(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var setup = await cluster.GetGrain<IPatientExperienceGrain>(caller.TenantId).Get(caller);
        return TypedResults.Ok(new SettingsResponse(setup.Settings.AtRiskPercent));
    }

    public static async Task<Ok<SettingsResponse>> SaveSettings(SettingsRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var percent = check.Number("atRiskPercent", request.AtRiskPercent, 1, 99);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var saved = await cluster.GetGrain<IPatientExperienceGrain>(caller.TenantId).SaveSettings(new PxSettings(percent), caller);
        return TypedResults.Ok(new SettingsResponse(saved.AtRiskPercent));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex DepartmentCode();
}
