using System.Diagnostics;

namespace Hms.Silo.Hosting;

/// <summary>One structured line per request to the silo's own HTTP (health, dashboard): method, path, status, duration.</summary>
public static partial class RequestLog
{
    public static void UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hms.Silo.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} {StatusCode} in {DurationMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double durationMs);
}
