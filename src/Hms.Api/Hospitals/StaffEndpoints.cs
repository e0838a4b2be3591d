using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Hospitals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hospitals;

/// <summary>The hospital's staff: who receives the hospital's own notices (e.g. admins on failing jobs).</summary>
public static class StaffEndpoints
{
    /// <summary>A staff member; the path names the user (the token's subject). A body <c>userId</c>, when sent, must be the same.</summary>
    public sealed record StaffRequest(string? FirstName, string? LastName, string[]? Roles, string? Email = null,
        string? Phone = null, bool? IsActive = null, string? UserId = null);

    public sealed record StaffResponse(string UserId, string FirstName, string LastName, IReadOnlyList<string> Roles, string? Email,
        string? Phone, bool IsActive)
    {
        public static StaffResponse From(StaffMember m) => new(m.UserId, m.FirstName, m.LastName, m.Roles, m.Email, m.Phone, m.IsActive);
    }

    public static RouteGroupBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff").WithTags("Staff");
        group.MapPut("/{userId}", Save).WithName("SaveStaffMember").WithSummary("Add or update a staff member (by token subject)")
            .RequireRoles(Roles.HospitalAdmin);
        group.MapGet("/", List).WithName("ListStaff").WithSummary("The hospital's staff").RequireRoles(Roles.Staff);
        return group;
    }

    public static async Task<Ok<StaffResponse>> Save(string userId, StaffRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var id = check.Text("userId", userId, 128);
        if (request.UserId is not null && request.UserId != userId)
        {
            check.Add("userId", "userId is the path's user; leave it out of the body or send the same value.");
        }
        var roles = request.Roles ?? [];
        if (roles.Length == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            check.Add("roles", $"roles must be one or more of {string.Join(", ", Roles.All)}.");
        }
        var email = check.OptionalText("email", request.Email, 254);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            check.Add("email", "email must be an e-mail address.");
        }
        var member = new StaffMember(id, check.Text("firstName", request.FirstName, 100), check.Text("lastName", request.LastName, 100),
            [.. roles.Distinct()], email, check.OptionalText("phone", request.Phone, 32), request.IsActive ?? true);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        return TypedResults.Ok(StaffResponse.From(await cluster.GetGrain<IHospitalGrain>(caller.TenantId).SaveStaff(member, caller)));
    }

    public static async Task<Ok<PageResponse<StaffResponse>>> List(int? limit, int? offset, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = PagedList.Read(limit, offset);
        var caller = user.ToCaller();
        var hospital = await cluster.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller);
        return TypedResults.Ok(PagedList.Of(hospital.Staff, paging, StaffResponse.From));
    }
}
