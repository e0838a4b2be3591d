using System.Security.Claims;
using Hms.Common;

namespace Hms.Api.Auth;

public static class CallerExtensions
{
    /// <summary>The caller as grains see it: user id, tenant and roles from the validated token.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) => new(
        user.FindFirstValue(AuthSetup.SubjectClaim) ?? throw Errors.Forbidden("forbidden", "The token has no subject."),
        user.FindFirstValue(AuthSetup.TenantClaim) ?? throw Errors.Forbidden("forbidden", "The token has no tenant."),
        [.. user.FindAll(AuthSetup.RoleClaim).Select(c => c.Value).Distinct()]);
}
