using System.Security.Claims;
using System.Text;
using Hms.Api.Problems;
using Hms.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace Hms.Api.Auth;

/// <summary>
/// JWT bearer at the edge: an OIDC authority (<c>Auth:Authority</c>), or an HS256 key
/// (<c>Auth:SigningKey</c>) for local runs. Claims: <c>sub</c>, <c>role</c> (one or more), <c>tenant_id</c>.
/// </summary>
public static class AuthSetup
{
    public const string TenantClaim = "tenant_id";
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";

    public static WebApplicationBuilder AddHmsAuth(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                if (settings.Authority is not null)
                {
                    o.Authority = settings.Authority;
                    o.Audience = settings.Audience;
                    o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                    o.TokenValidationParameters.ValidateAudience = settings.Audience is not null;
                }
                else
                {
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = settings.Issuer,
                        ValidAudience = settings.Audience,
                        ValidateAudience = settings.Audience is not null,
                        IssuerSigningKey = settings.SigningKey,
                        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                        ClockSkew = TimeSpan.FromSeconds(30),
                    };
                }
                o.TokenValidationParameters.NameClaimType = SubjectClaim;
                o.TokenValidationParameters.RoleClaimType = RoleClaim;
                o.Events = new JwtBearerEvents
                {
                    // SYSTEM is the cluster's own role (deadlines, backup passes): no person or client holds it.
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.FindAll(RoleClaim).Any(r => r.Value == Roles.System) == true)
                        {
                            context.Fail("The SYSTEM role is never granted to a token.");
                        }
                        else if (context.Principal?.FindFirstValue(TenantClaim) == Caller.EveryTenant)
                        {
                            context.Fail("No token speaks for every tenant.");
                        }
                        return Task.CompletedTask;
                    },
                };
            });
        // Every route needs a tenant user unless it says otherwise (health, docs, dev tokens opt out).
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(Tenant().Build())
            .SetFallbackPolicy(Tenant().Build());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }

    /// <summary>Authenticated, inside a tenant, and in one of <paramref name="roles"/>.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder endpoint, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(Tenant().RequireRole(roles).Build());

    private static AuthorizationPolicyBuilder Tenant() =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(SubjectClaim)
            .RequireClaim(TenantClaim);
}

public sealed record AuthSettings(string? Authority, string? Audience, bool RequireHttpsMetadata, string Issuer,
    SymmetricSecurityKey? SigningKey, bool DevTokens)
{
    public const string DefaultIssuer = "hms-orleans";
    public const string DefaultAudience = "hms-api";

    public static AuthSettings From(IConfiguration configuration)
    {
        var auth = configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var key = auth["SigningKey"];
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                "Set Auth__SigningKey (HS256, at least 32 bytes) or Auth__Authority (OIDC) so tokens can be validated.");
        }
        SymmetricSecurityKey? signingKey = null;
        if (!string.IsNullOrWhiteSpace(key))
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("Auth__SigningKey must be at least 32 bytes for HS256.");
            }
            signingKey = new SymmetricSecurityKey(bytes);
        }
        return new AuthSettings(
            string.IsNullOrWhiteSpace(authority) ? null : authority,
            auth["Audience"] ?? (authority is null ? DefaultAudience : null),
            auth.GetValue("RequireHttpsMetadata", true),
            auth["Issuer"] ?? DefaultIssuer,
            signingKey,
            auth.GetValue("DevTokens", false));
    }
}

/// <summary>401 and 403 as problem details with a stable code, like every other error.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        var authenticated = context.User.Identity?.IsAuthenticated == true;
        var (status, code, detail) = authenticated
            ? (403, ProblemCodes.Forbidden, "Your roles or tenant do not allow this request.")
            : context.Request.Headers.Authorization.Count > 0
                ? (401, ProblemCodes.InvalidToken, "The bearer token is missing, expired or invalid.")
                : (401, ProblemCodes.Unauthorized, "A bearer token is required.");
        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = status == 401 ? "Unauthorized" : "Forbidden", Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
