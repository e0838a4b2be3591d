using System.Text.Json;

namespace Hms.Tests.Infrastructure;

/// <summary>Fields of a job's result (its execution's metadata), whichever way the JSON was written.</summary>
public static class JobJson
{
    public static JsonElement Field(string? json, string name)
    {
        Assert.NotNull(json);
        return JsonDocument.Parse(json).RootElement.GetProperty(name);
    }

    public static int Int(string? json, string name) => Field(json, name).GetInt32();

    public static bool Bool(string? json, string name) => Field(json, name).GetBoolean();
}
