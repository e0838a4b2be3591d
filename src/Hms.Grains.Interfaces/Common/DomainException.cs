namespace Hms.Common;

/// <summary>
/// A broken business rule. Crosses the grain boundary intact; the API turns it into an
/// RFC 9457 problem response with <see cref="Code"/> as the stable machine-readable code.
/// </summary>
[GenerateSerializer, Alias("Hms.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(string code, int status, string message) : base(message)
    {
        Code = code;
        Status = status;
    }

    [Id(0)] public string Code { get; }

    [Id(1)] public int Status { get; }
}

/// <summary>Shorthands so rules read as what they mean: <c>throw Errors.NotFound("doctor_not_found", …)</c>.</summary>
public static class Errors
{
    public static DomainException BadRequest(string code, string message) => new(code, 400, message);
    public static DomainException Forbidden(string code, string message) => new(code, 403, message);
    public static DomainException NotFound(string code, string message) => new(code, 404, message);
    public static DomainException Conflict(string code, string message) => new(code, 409, message);
    public static DomainException Gone(string code, string message) => new(code, 410, message);
    public static DomainException Unprocessable(string code, string message) => new(code, 422, message);
}
