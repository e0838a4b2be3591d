namespace Hms.Api.Problems;

/// <summary>Stable codes of the problems the HTTP layer itself reports (domain rules bring their own).</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string Unauthorized = "unauthorized";
    public const string InvalidToken = "invalid_token";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>The code for a bare status (404 from routing, 405, 415, …).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => ClusterUnavailable,
        _ => status >= 500 ? InternalError : "http_" + status,
    };
}
