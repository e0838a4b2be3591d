using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hms.Silo.Hotels;

/// <summary>How the hotel rows keep their grain's view in their jsonb <c>data</c> column: camelCase, enums by name.</summary>
public static class HotelJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
