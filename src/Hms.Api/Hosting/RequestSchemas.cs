using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Hms.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hms.Api.Hosting;

/// <summary>
/// Request fields and query parameters in the OpenAPI document as the API reads them (src/Hms.Api/Http/JsonContract.cs):
/// dates, wall-clock times, instants and UUIDs with their format and an example, enums with their
/// values, fields limited to a list of names (<see cref="AllowedValuesAttribute"/>, weekday lists)
/// with that list. Ranges (<see cref="RangeAttribute"/>) and required-ness (a record parameter
/// without a default) come from the framework.
/// </summary>
public sealed class RequestSchemas : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>Query parameters by the names clients write (from, doctorId), as bodies are; the API reads them in any case.</summary>
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
        {
            parameter.Name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
        }
        return Task.CompletedTask;
    }

    /// <summary>Once every schema is built and shared: required fields lose their null.</summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
            {
                NotNull(required, properties);
            }
        }
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type);
        var type = nullable ?? context.JsonTypeInfo.Type;
        if (type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(DateTimeOffset))
        {
            // Read by our own converters, which the framework cannot see into: they are strings.
            schema.Type = nullable is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        }
        if (type == typeof(DateOnly))
        {
            schema.Format = "date";
            Example(schema, "2026-03-30");
        }
        else if (type == typeof(TimeOnly))
        {
            schema.Format = "time";
            schema.Pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:00)?$";
            schema.Description ??= "Wall-clock time to the minute, HH:mm, in the tenant's time zone.";
            Example(schema, "09:00");
        }
        else if (type == typeof(DateTimeOffset))
        {
            schema.Format = "date-time";
            schema.Description ??= "An instant with its offset (Z or ±hh:mm).";
            Example(schema, "2026-03-30T09:00:00+02:00");
        }
        else if (type == typeof(System.Text.Json.JsonElement))
        {
            // A JSON value passed through as it is (a Cube.js query): the API takes an object.
            schema.Type = JsonSchemaType.Object;
        }
        else if (type == typeof(Guid))
        {
            schema.Format = "uuid";
            Example(schema, "0e3c9f4a-6b1d-4c8e-9a57-2f1d0b7c4e21");
        }
        else if (type.IsArray && type.GetElementType() is { IsEnum: true } names)
        {
            // A list of names (reminder channels): an example with the first.
            Example(schema, new JsonArray(Enum.GetNames(names)[0]));
        }
        else if (type.IsEnum && schema.Enum is { Count: > 0 })
        {
            // One shared schema per enum: its names (null belongs to the fields that may be left out).
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. schema.Enum.Where(v => v is not null)];
            Example(schema, schema.Enum[0].DeepClone());
        }

        var attributes = context.JsonPropertyInfo?.AttributeProvider;
        if (attributes?.GetCustomAttributes(typeof(AllowedValuesAttribute), false).OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
        {
            schema.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!)];
            Example(schema, allowed.Values[0]?.ToString());
        }
        if (attributes?.IsDefined(typeof(WeekdaysAttribute), false) == true && schema.Items is OpenApiSchema items)
        {
            items.Enum = [.. WeekdaysAttribute.Names.Select(n => (JsonNode)JsonValue.Create(n))];
            Example(schema, new JsonArray("MONDAY", "THURSDAY"));
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A required field is sent with a value: null is refused like a missing field ("x is required"), so the
    /// document does not offer it. Optional fields keep null, which means "leave as it is".
    /// </summary>
    private static void NotNull(ISet<string> required, IDictionary<string, IOpenApiSchema> properties)
    {
        foreach (var name in required)
        {
            switch (properties.TryGetValue(name, out var property) ? property : null)
            {
                case OpenApiSchema { Type: { } t } plain when t.HasFlag(JsonSchemaType.Null):
                    plain.Type = t & ~JsonSchemaType.Null;
                    break;
                case OpenApiSchema { OneOf: { Count: 2 } choices } when choices.Count(c => c is OpenApiSchema { Type: JsonSchemaType.Null }) == 1:
                    properties[name] = choices.Single(c => c is not OpenApiSchema { Type: JsonSchemaType.Null });
                    break;
            }
        }
    }

    /// <summary>One example value (OpenAPI 3.1 <c>examples</c>), shown by /docs and copied by generated clients' samples.</summary>
    private static void Example(OpenApiSchema schema, JsonNode? value)
    {
        if (value is not null)
        {
            schema.Examples = [value];
        }
    }
}
