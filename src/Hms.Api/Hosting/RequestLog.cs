using System.Diagnostics;
using Hms.Api.Auth;

namespace Hms.Api.Hosting;

/// <summary>
/// One structured line per request: method, route (its template, so ids and query strings stay out),
/// status, duration and the caller's tenant — never headers, query strings or bodies, which carry
/// tokens and patients' details.
/// </summary>
public static partial class RequestLog
{
    public static void UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hms.Api.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template ? "/" + template.Trim('/') : "(no route)";
                LogRequest(logger, context.Request.Method, route, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.User.FindFirst(AuthSetup.TenantClaim)?.Value ?? "-");
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Route} {StatusCode} in {DurationMs:0.0} ms (tenant {Tenant})")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs, string tenant);
}
