using System.Text.Json;
using Hms.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Hms.Api.Problems;

/// <summary>
/// Every error leaves as RFC 9457 problem details with a stable <c>code</c>: domain rules from the
/// grains, malformed or invalid requests, auth failures, routing misses, an unreachable cluster.
/// </summary>
public static class ProblemSetup
{
    public static WebApplicationBuilder AddProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("code", ProblemCodes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode));
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (bad JSON, wrong types) throw, so the handler answers them like any other problem.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static void UseProblems(this WebApplication app)
    {
        // A JSON body that cannot be read is read again to name every bad field (FieldErrors.cs).
        app.Use((context, next) =>
        {
            if (context.Request.HasJsonContentType())
            {
                context.Request.EnableBuffering();
            }
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }
}

public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var fields = exception switch
        {
            BadHttpRequestException { InnerException: JsonException } => await FieldErrors.BodyAsync(context, cancellationToken),
            BadHttpRequestException { StatusCode: 400 } e => FieldErrors.Parameter(context, e),
            _ => null,
        };
        var problem = exception switch
        {
            DomainException e => Problem(e.Status, e.Code, e.Message),
            RequestValidationException e => new HttpValidationProblemDetails(e.Errors)
            {
                Status = 400, Title = "Invalid request", Detail = e.Message, Extensions = { ["code"] = ProblemCodes.ValidationFailed },
            },
            BadHttpRequestException when fields is not null =>
                new HttpValidationProblemDetails(fields)
                {
                    Status = 400, Title = "Invalid request", Detail = "One or more fields are invalid.", Extensions = { ["code"] = ProblemCodes.ValidationFailed },
                },
            BadHttpRequestException e => Problem(e.StatusCode, ProblemCodes.ForStatus(e.StatusCode),
                e.StatusCode == 400 ? "The request body or parameters could not be read: " + Describe(e) : e.Message),
            // The cluster cannot be reached right now (a gateway down or restarting, or too busy): the client may retry.
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException =>
                Problem(503, ProblemCodes.ClusterUnavailable, "The scheduling cluster is unreachable; try again shortly."),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = Problem(500, ProblemCodes.InternalError, "An unexpected error occurred.");
        }
        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = TitleFor(status),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    /// <summary>
    /// What could not be read, in the client's terms (JSON paths, parameter names) — never the API's .NET
    /// type names, which mean nothing to a client and change when the code does.
    /// </summary>
    private static string Describe(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');
            var unknown = UnknownMember().Match(json.Message);
            return unknown.Success ? $"'{unknown.Groups[1].Value}' is not a field of this request."
                : field is null ? "The body is not a JSON object of the expected shape."
                : $"'{field}' has the wrong type or is not valid JSON.";
        }
        var parameter = Parameter().Match(e.Message);
        if (parameter.Success)
        {
            var name = parameter.Groups[1].Value;
            return name.Equals("request", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("request body", StringComparison.Ordinal)
                ? "The body is missing or is not JSON."
                : $"The parameter '{char.ToLowerInvariant(name[0])}{name[1..]}' could not be read.";
        }
        return "The request could not be read.";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownMember();

    // "Failed to bind parameter \"Nullable<int> Limit\" from \"abc\"." — the last word inside the first quotes.
    [System.Text.RegularExpressions.GeneratedRegex(@"parameter ""(?:[^""]*\s)?(\w+)""")]
    private static partial System.Text.RegularExpressions.Regex Parameter();

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        503 => "Service unavailable",
        _ => "Error",
    };
}
