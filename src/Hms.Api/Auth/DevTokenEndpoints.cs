using System.Security.Claims;
using Hms.Api.Problems;
using Hms.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hms.Api.Auth;

/// <summary>
/// Local runs only: mints HS256 tokens for a role and tenant so a developer can call the API
/// (<c>Auth__DevTokens=true</c> with <c>Auth__SigningKey</c>). Never enable it in production.
/// </summary>
public static class DevTokenEndpoints
{
    /// <summary>A development token: roles and tenant required; sub "dev-user" and 480 minutes (1–1440) when left out.</summary>
    public sealed record DevTokenRequest(string[]? Roles, string? TenantId, string? Sub = null,
        [property: System.ComponentModel.DataAnnotations.Range(1, 24 * 60)] int? ExpiresInMinutes = null);

    public sealed record DevTokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

    public static void MapDevTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<AuthSettings>();
        if (!settings.DevTokens || settings.SigningKey is null)
        {
            return;
        }
        app.MapPost("/api/dev/token", (DevTokenRequest request) => Issue(request, settings))
            .WithName("IssueDevToken").WithTags("Development")
            .WithSummary("Issue a local development token (enabled by Auth__DevTokens=true)")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Anonymous);
    }

    public static Ok<DevTokenResponse> Issue(DevTokenRequest request, AuthSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.TenantId))
        {
            errors["tenantId"] = ["tenantId is required."];
        }
        var unknown = (request.Roles ?? []).Except(Roles.All).ToArray(); // never SYSTEM: it is not a person's role
        if (request.Roles is not { Length: > 0 } || unknown.Length > 0)
        {
            errors["roles"] = [$"roles must be one or more of {string.Join(", ", Roles.All)}."];
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        var expires = DateTimeOffset.UtcNow.AddMinutes(Math.Clamp(request.ExpiresInMinutes ?? 480, 1, 24 * 60));
        var claims = new List<Claim>
        {
            new(AuthSetup.SubjectClaim, string.IsNullOrWhiteSpace(request.Sub) ? "dev-user" : request.Sub),
            new(AuthSetup.TenantClaim, request.TenantId!),
        };
        claims.AddRange(request.Roles!.Select(r => new Claim(AuthSetup.RoleClaim, r)));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new DevTokenResponse(token, "Bearer", expires));
    }
}
