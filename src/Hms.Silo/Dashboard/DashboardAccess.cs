using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Hms.Silo.Dashboard;

/// <summary>
/// The Orleans dashboard behind HTTP Basic authentication (operators, over the silo's admin port); ten wrong
/// logins a minute from one address lock that address out for the rest of the minute (429).
/// Without <c>Dashboard:Password</c> the dashboard is not mapped at all.
/// </summary>
public static class DashboardAccess
{
    public const string Scheme = "DashboardBasic";
    public const string Policy = "DashboardOperators";
    public const string Path = "/dashboard";

    public static WebApplicationBuilder AddDashboardAccess(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DashboardCredentials>(builder.Configuration.GetSection("Dashboard"));
        builder.Services.AddSingleton<DashboardLogins>();
        builder.Services.AddAuthentication(Scheme)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    public static void MapDashboard(this WebApplication app)
    {
        var credentials = app.Services.GetRequiredService<IOptions<DashboardCredentials>>().Value;
        if (string.IsNullOrEmpty(credentials.Password))
        {
            app.Logger.LogWarning("Orleans dashboard disabled: set Dashboard__Password (and Dashboard__Username) to enable it at {Path}", Path);
            return;
        }
        if (!credentials.ShowGrainState)
        {
            // The dashboard's grain-state view shows any grain's state — patients' names, KPI source tokens — to
            // whoever holds the dashboard password; it answers 404 unless Dashboard:ShowGrainState is true.
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments($"{Path}/GrainState", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
                return next(context);
            });
        }
        app.MapOrleansDashboard(Path).RequireAuthorization(Policy);
    }
}

public sealed class DashboardCredentials
{
    public string Username { get; set; } = "operator";
    public string? Password { get; set; }

    /// <summary>Whether the dashboard's "Grain Details" view may read grain state (off by default).</summary>
    public bool ShowGrainState { get; set; }

    /// <summary>Wrong logins one client address may try per minute; after that every login from it waits for the minute to end.</summary>
    public int FailedLoginsPerMinute { get; set; } = 10;
}

/// <summary>Failed dashboard logins per client address, so the password cannot be guessed at network speed.</summary>
public sealed class DashboardLogins(IOptions<DashboardCredentials> credentials) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        credentials.Value.FailedLoginsPerMinute <= 0
            ? RateLimitPartition.GetNoLimiter(address)
            : RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = credentials.Value.FailedLoginsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));

    /// <summary>Whether this address has used up its failed logins for the current minute.</summary>
    public bool LockedOut(string address) => _failures.GetStatistics(address) is { CurrentAvailablePermits: <= 0 };

    public void Failed(string address) => _failures.AttemptAcquire(address).Dispose();

    public void Dispose() => _failures.Dispose();
}

public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<DashboardCredentials> credentials,
    DashboardLogins logins)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string LockedOutKey = "dashboard-locked-out";

    private string Address => Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (logins.LockedOut(Address))
        {
            Context.Items[LockedOutKey] = true;
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong dashboard logins from this address."));
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed credentials."));
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var expected = credentials.Value;
        if (colon < 0 || expected.Password is null ||
            !SameSecret(decoded[..colon], expected.Username) || !SameSecret(decoded[(colon + 1)..], expected.Password))
        {
            logins.Failed(Address);
            return Task.FromResult(AuthenticateResult.Fail("Wrong dashboard credentials."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, expected.Username)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(LockedOutKey))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            return Task.CompletedTask;
        }
        Response.Headers.WWWAuthenticate = "Basic realm=\"HMS Orleans dashboard\", charset=\"UTF-8\"";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>Compares in constant time (hashing first equalises the lengths).</summary>
    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
