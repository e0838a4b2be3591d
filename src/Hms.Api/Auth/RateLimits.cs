using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Hms.Api.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Hms.Api.Auth;

/// <summary>
/// RateLimits:* — how often one user, one tenant and one anonymous address may act. 0 turns a limit off.
/// A request over a limit is <c>429 rate_limited</c> with <c>Retry-After</c>.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Writes (POST, PUT, PATCH, DELETE) per second by one user, with bursts up to five times that.</summary>
    public int WritesPerSecondPerUser { get; set; } = 20;

    /// <summary>Writes per second by all users of one tenant together, with bursts up to five times that.</summary>
    public int WritesPerSecondPerTenant { get; set; } = 200;

    /// <summary>Test sends of KPI alerts (each mails every recipient) per tenant and hour.</summary>
    public int TestSendsPerHourPerTenant { get; set; } = 30;

    /// <summary>Event streams (the alert feed) one user may hold open at once.</summary>
    public int StreamsPerUser { get; set; } = 10;

    /// <summary>Requests to anonymous routes that mint or check secrets (the development token) per client address and minute.</summary>
    public int AnonymousPerMinutePerAddress { get; set; } = 30;
}

public static class RateLimits
{
    /// <summary>Routes that mail outside recipients on demand.</summary>
    public const string TestSends = "test-sends";

    /// <summary>Anonymous routes that issue or check secrets.</summary>
    public const string Anonymous = "anonymous";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<StreamSlots>();
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Writes(settings.WritesPerSecondPerUser, user => $"{Tenant(user)}/{user.FindFirstValue(AuthSetup.SubjectClaim)}"),
                Writes(settings.WritesPerSecondPerTenant, Tenant));
            o.AddPolicy(TestSends, context => Window(Tenant(context.User) ?? Address(context), settings.TestSendsPerHourPerTenant, TimeSpan.FromHours(1)));
            o.AddPolicy(Anonymous, context => Window(Address(context), settings.AnonymousPerMinutePerAddress, TimeSpan.FromMinutes(1)));
            o.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>A token bucket per key for writes of signed-in callers; reads and anonymous calls pass.</summary>
    private static PartitionedRateLimiter<HttpContext> Writes(int perSecond, Func<ClaimsPrincipal, string?> key) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            perSecond <= 0 || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || key(context.User) is not { } partition
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond * 5,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) => permits <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });

    private static string? Tenant(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(AuthSetup.TenantClaim) : null;

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many requests from this caller; try again in {seconds} s.",
                Extensions = { ["code"] = ProblemCodes.RateLimited },
            },
        });
    }
}
