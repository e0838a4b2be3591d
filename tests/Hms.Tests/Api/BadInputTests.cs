using System.Text;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// Every write route with a body, its fields read from the OpenAPI document:
/// malformed JSON, wrong types, out-of-range numbers, oversized strings and unknown enum values are
/// each a 4xx problem response, never a 500, and nothing stored changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class BadInputTests(ApiFixture cluster)
{
    [Fact]
    public async Task EveryWriteRouteAnswersBadInputWithAProblemAndStoresNothing()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        await flow.SeedEveryKindOfRecordAsync(cluster);
        var staff = cluster.Http(flow.TenantId, [.. Roles.All.Where(r => r != Roles.System)]);
        var openApi = JsonDocument.Parse(await cluster.HttpWithToken(null).GetStringAsync("/openapi/v1.json")).RootElement;
        var before = await ReadModelSnapshot.TakeAsync(cluster.ConnectionString, flow.TenantId);

        var wrong = new List<string>();
        var tried = 0;
        foreach (var route in RouteTable.Of(cluster).Where(r => r.HasBody && (!r.Anonymous || MachineSecretOf(r) is not null)))
        {
            if (RequestSchema(openApi, route) is not { } schema)
            {
                continue; // no body: nothing to get wrong
            }
            var path = route.Path(flow.RouteValue);
            foreach (var (what, body, field) in BadBodies(openApi, schema))
            {
                tried++;
                var request = new HttpRequestMessage(new HttpMethod(route.Method), path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (MachineSecretOf(route) is { } secret)
                {
                    request.Headers.Add(secret.Header, secret.Value);
                }
                var response = await staff.SendAsync(request);
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || DotNetName().IsMatch(text))
                {
                    wrong.Add($"{route} with {what}: {status} {Shorten(text)}");
                }
                else if (field is not null && status == 400 && !NamesField(text, field))
                {
                    wrong.Add($"{route} with {what}: 400 without naming {field}: {Shorten(text)}");
                }
            }
        }

        Assert.True(tried >= 100, $"{tried} bad requests sent");
        Assert.Empty(wrong);
        Assert.Equal(before, await ReadModelSnapshot.TakeAsync(cluster.ConnectionString, flow.TenantId));
    }

    /// <summary>The secret a machine's route with a body takes (the SMS gateway's), so its body is read and can be wrong.</summary>
    private static (string Header, string Value)? MachineSecretOf(ApiRoute route) =>
        route.ToString() == "POST /api/v1/sms/inbound" ? ("x-sms-secret", ApiFixture.SmsSecret) : null;

    /// <summary>The bad bodies for one route: whole-body errors, then one bad field at a time.</summary>
    private static IEnumerable<(string What, string Body, string? Field)> BadBodies(JsonElement openApi, JsonElement schema)
    {
        yield return ("malformed JSON", "{\"", null);
        yield return ("an array for an object", "[1, 2]", null);
        yield return ("a string for an object", "\"text\"", null);
        yield return ("an unknown field", "{\"notAField\": 1}", null);
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }
        foreach (var property in properties.EnumerateObject())
        {
            var name = property.Name;
            switch (TypeOf(property.Value))
            {
                case "string":
                    yield return ($"{name} as a number", $"{{\"{name}\": 12345}}", name);
                    yield return ($"{name} oversized", $"{{\"{name}\": \"{new string('x', 100_000)}\"}}", name);
                    break;
                case "integer":
                    yield return ($"{name} as text", $"{{\"{name}\": \"many\"}}", name);
                    yield return ($"{name} beyond 32 bits", $"{{\"{name}\": 2147483648}}", name);
                    yield return ($"{name} negative", $"{{\"{name}\": -1}}", name);
                    break;
                case "number":
                    yield return ($"{name} as text", $"{{\"{name}\": \"warm\"}}", name);
                    yield return ($"{name} absurd", $"{{\"{name}\": 1e30}}", name);
                    break;
                case "boolean":
                    yield return ($"{name} as text", $"{{\"{name}\": \"maybe\"}}", name);
                    break;
                case "array":
                    yield return ($"{name} as text", $"{{\"{name}\": \"one\"}}", name);
                    yield return ($"{name} of numbers", $"{{\"{name}\": [1, 2]}}", name);
                    break;
                case "object":
                    yield return ($"{name} as a number", $"{{\"{name}\": 5}}", name);
                    break;
            }
        }
        // Values of the right JSON type that are still wrong: what the document says each field holds, broken.
        foreach (var property in properties.EnumerateObject())
        {
            var name = property.Name;
            var field = property.Value.TryGetProperty("oneOf", out var oneOf) ? oneOf.EnumerateArray().First(c => c.TryGetProperty("$ref", out _)) : property.Value;
            var resolved = Resolve(openApi, field);
            if (resolved.TryGetProperty("enum", out _))
            {
                yield return ($"{name} unknown", $"{{\"{name}\": \"NOT_A_VALUE\"}}", name);
                yield return ($"{name} by number", $"{{\"{name}\": \"1\"}}", name);
            }
            if (resolved.TryGetProperty("items", out var items) && items.TryGetProperty("enum", out _))
            {
                yield return ($"{name} with an unknown item", $"{{\"{name}\": [\"NOT_A_VALUE\"]}}", name);
            }
            var bad = (resolved.TryGetProperty("format", out var format) ? format.GetString() : null) switch
            {
                "date" => "2026-02-30",
                "time" => "24:30",
                "date-time" => "2026-03-30T09:00:00",
                "uuid" => "not-a-uuid",
                _ => null,
            };
            if (bad is not null)
            {
                yield return ($"{name} = {bad}", $"{{\"{name}\": \"{bad}\"}}", name);
            }
        }
    }

    /// <summary>A validation_failed problem whose errors name the field (or a part of it).</summary>
    private static bool NamesField(string problem, string field)
    {
        var root = JsonDocument.Parse(problem).RootElement;
        return root.GetProperty("code").GetString() == "validation_failed" && root.TryGetProperty("errors", out var errors)
            && errors.EnumerateObject().Any(e => e.Name == field || e.Name.StartsWith(field + ".", StringComparison.Ordinal) || e.Name.StartsWith(field + "[", StringComparison.Ordinal));
    }

    private static JsonElement? RequestSchema(JsonElement openApi, ApiRoute route)
    {
        var key = System.Text.RegularExpressions.Regex.Replace(route.Pattern, @":[^}]*\}", "}");
        if (!openApi.GetProperty("paths").TryGetProperty(key, out var path) ||
            !path.TryGetProperty(route.Method.ToLowerInvariant(), out var operation) ||
            !operation.TryGetProperty("requestBody", out var body) ||
            !body.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            return null;
        }
        return Resolve(openApi, json.GetProperty("schema"));
    }

    private static JsonElement Resolve(JsonElement openApi, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }
        var name = reference.GetString()!.Split('/')[^1];
        return Resolve(openApi, openApi.GetProperty("components").GetProperty("schemas").GetProperty(name));
    }

    /// <summary>The JSON type of a property schema ("type": "x", or ["x", "null"] in OpenAPI 3.1).</summary>
    private static string? TypeOf(JsonElement property)
    {
        if (!property.TryGetProperty("type", out var type))
        {
            return property.TryGetProperty("$ref", out _) ? "object" : null;
        }
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }

    /// <summary>A .NET type or framework name in a response: clients must never see the API's insides.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(Hms|System|Microsoft)\.[A-Z]|Nullable<|`1|\+[A-Z]\w*Request\b")]
    private static partial System.Text.RegularExpressions.Regex DotNetName();

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
