namespace Hms.Api.Problems;

/// <summary>A request whose fields are missing or out of range; reported as 400 with every field's errors.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
