using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hms.Hotels;

/// <summary>A job's result as its execution's metadata: camelCase JSON, enums by name.</summary>
public static class JobResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Of(object result) => JsonSerializer.Serialize(result, Json);
}
