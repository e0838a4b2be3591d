using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Hms.Api.Problems;

/// <summary>
/// Input the framework could not read, told back field by field as <c>validation_failed</c>.
/// A query parameter that does not parse as its type (a date, a UUID, one of an enum's names, a number)
/// is named with what it must be.
/// When a JSON body cannot be read into its request record (a date that is not yyyy-MM-dd, an unknown
/// enum name, text for a number, a field the request does not have), the body is read again, field by
/// field against the record, so the client hears of every bad field at once — and of the required ones
/// left out (a record parameter without a default) — as one <c>validation_failed</c> problem, like the
/// rules a handler checks. Broken JSON syntax is not a field error: it stays <c>malformed_request</c>.
/// How each type is read: src/Hms.Api/Http/JsonContract.cs.
/// </summary>
public static partial class FieldErrors
{
    public static async Task<Dictionary<string, string[]>?> BodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // The failed request's endpoint: the exception handler runs after the pipeline has cleared it from the context.
        var requestType = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is null || !context.Request.Body.CanSeek)
        {
            return null;
        }
        context.Request.Body.Position = 0;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var errors = new Dictionary<string, string[]>();
            Record(document.RootElement, requestType, "", options, errors);
            return errors.Count == 0 ? null : errors;
        }
    }

    public static Dictionary<string, string[]>? Parameter(HttpContext context, BadHttpRequestException exception)
    {
        var match = BindFailure().Match(exception.Message);
        var handler = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault();
        if (!match.Success || handler is null)
        {
            return null;
        }
        var name = match.Groups[1].Value;
        var type = handler.GetParameters()
            .SelectMany(p => p.IsDefined(typeof(AsParametersAttribute), false)
                ? p.ParameterType.GetProperties().Select(q => (q.Name, q.PropertyType))
                : [(p.Name!, p.ParameterType)])
            .FirstOrDefault(p => string.Equals(p.Item1, name, StringComparison.OrdinalIgnoreCase)).Item2;
        if (type is null)
        {
            return null;
        }
        var field = JsonNamingPolicy.CamelCase.ConvertName(name);
        return new() { [field] = [$"{field} {FieldRule(type)}."] };
    }

    // "Failed to bind parameter \"Nullable<DateOnly> From\" from \"x\"." — the parameter's name is the last word inside the first quotes.
    [System.Text.RegularExpressions.GeneratedRegex(@"^Failed to bind parameter ""(?:[^""]*\s)?(\w+)""")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    private static void Record(JsonElement body, Type record, string prefix, JsonSerializerOptions options, Dictionary<string, string[]> errors)
    {
        var parameters = record.GetConstructors().MaxBy(c => c.GetParameters().Length)?.GetParameters() ?? [];
        var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in body.EnumerateObject())
        {
            var path = prefix + field.Name;
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, field.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                errors[path] = [$"{path} is not a field of this request."];
                continue;
            }
            if (field.Value.ValueKind != JsonValueKind.Null)
            {
                given.Add(parameter.Name!);
                Value(field.Value, parameter.ParameterType, path, options, errors);
            }
        }
        foreach (var missing in parameters.Where(p => !p.HasDefaultValue && !given.Contains(p.Name!)))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(missing.Name!);
            errors.TryAdd(path, [$"{path} is required."]);
        }
    }

    private static void Value(JsonElement value, Type type, string path, JsonSerializerOptions options, Dictionary<string, string[]> errors)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (IsRequestRecord(plain) && value.ValueKind == JsonValueKind.Object)
        {
            Record(value, plain, path + ".", options, errors);
            return;
        }
        if (plain.GetElementType() is { } item && IsRequestRecord(item) && value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var element in value.EnumerateArray())
            {
                Value(element, item, $"{path}[{i++}]", options, errors);
            }
            return;
        }
        try
        {
            JsonSerializer.Deserialize(value, type, options);
        }
        catch (JsonException)
        {
            errors[path] = [$"{path} {FieldRule(plain)}."];
        }
    }

    private static bool IsRequestRecord(Type type) => type.IsClass && type.Assembly == typeof(FieldErrors).Assembly;

    /// <summary>What a field of <paramref name="type"/> must look like, in the client's words.</summary>
    internal static string FieldRule(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(DateOnly) => "must be a date (yyyy-MM-dd)",
            _ when type == typeof(TimeOnly) => "must be a time (HH:mm)",
            _ when type == typeof(DateTimeOffset) => "must be an ISO 8601 instant with an offset, e.g. 2026-11-23T15:00:00Z",
            _ when type == typeof(Guid) => "must be a UUID",
            _ when type == typeof(bool) => "must be true or false",
            _ when type == typeof(string) => "must be text",
            _ when type == typeof(int) => "must be a whole number (32-bit)",
            _ when type == typeof(decimal) || type == typeof(double) => "must be a number (at most 28 digits)",
            _ when type == typeof(DayOfWeek) => "must be one of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY",
            _ when type.IsEnum => "must be one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type.IsArray => "must be a list",
            _ => "must be an object of the documented shape",
        };
    }
}
