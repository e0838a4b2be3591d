using System.Net;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// The OpenAPI document a generated client is built from: every operation lists the problem responses
/// it can answer, each an RFC 9457 problem with its stable code, and only the anonymous routes drop the
/// bearer requirement (src/Hms.Api/Hosting/ProblemResponses.cs); every request field has a type, and a
/// field that holds a date, a time, an instant, an id or one of a set of names says so with its format
/// or its values and an example (src/Hms.Api/Hosting/RequestSchemas.cs); what it marks required is what
/// the API refuses to go without.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture cluster)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task EveryOperationListsTheProblemsItCanAnswer()
    {
        var document = await ApiFlow.Expect(HttpStatusCode.OK, await cluster.HttpWithToken(null).GetAsync("/openapi/v1.json"));
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(problem.GetProperty("properties").TryGetProperty("errors", out _));

        var missing = new List<string>();
        var anonymous = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var (method, operation) in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => (o.Name, o.Value)))
            {
                operations++;
                var name = $"{method.ToUpperInvariant()} {path.Name}";
                var open = operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
                if (open)
                {
                    anonymous.Add(name);
                }
                var parameters = operation.TryGetProperty("parameters", out var p) ? [.. p.EnumerateArray()] : new List<JsonElement>();
                var body = operation.TryGetProperty("requestBody", out _);
                var expected = new List<string>();
                if (body || parameters.Count > 0)
                {
                    expected.Add("400");
                }
                if (!open)
                {
                    expected.Add("401");
                }
                if (!open && parameters.Any(q => q.GetProperty("in").GetString() == "path"))
                {
                    expected.Add("404");
                }
                if (!open && method != "get")
                {
                    expected.AddRange(["409", "429"]);
                }
                if (body)
                {
                    expected.AddRange(["413", "415"]);
                }
                var responses = operation.GetProperty("responses");
                foreach (var status in expected)
                {
                    if (!responses.TryGetProperty(status, out var response)
                        || !response.TryGetProperty("content", out var content)
                        || !content.TryGetProperty("application/problem+json", out var media)
                        || !media.GetProperty("schema").GetProperty("$ref").GetString()!.EndsWith("/Problem", StringComparison.Ordinal))
                    {
                        missing.Add($"{name}: {status}");
                    }
                }
            }
        }

        Assert.True(operations > 70, $"only {operations} operations in the document");
        Assert.True(missing.Count == 0, "Operations without their problem responses:\n" + string.Join("\n", missing));
        // Only machine callers with a secret of their own, health, the development token and reminder links (signed) go without a bearer token.
        Assert.All(anonymous, name => Assert.Matches(
            "^(GET|POST) /(api/cron/|api/dev/|health/|api/v1/no-show/external-trigger|api/v1/sms/inbound|api/v1/appointment-links/)", name));
        Assert.Contains("POST /api/v1/no-show/external-trigger", anonymous);
    }

    /// <summary>Request fields that hold a name or text the API does not constrain to a set: external user ids, dashboards, free text.</summary>
    private static readonly HashSet<string> FreeIds = ["userId", "assigneeId", "dashboardId", "graphId", "tenantId", "sub", "memberIds"];

    [Fact]
    public async Task EveryRequestFieldHasATypeAndSaysWhatItHolds()
    {
        var document = await ApiFlow.Expect(HttpStatusCode.OK, await cluster.HttpWithToken(null).GetAsync("/openapi/v1.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var wrong = new List<string>();
        var fields = 0;
        foreach (var (name, schema) in RequestSchemas(document))
        {
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
            foreach (var property in schema.GetProperty("properties").EnumerateObject())
            {
                fields++;
                var field = $"{name}.{property.Name}";
                var (type, format, values, example, nullable) = Describe(schemas, property.Value);
                if (type is null)
                {
                    wrong.Add($"{field}: no type");
                    continue;
                }
                if (required.Contains(property.Name) && nullable)
                {
                    wrong.Add($"{field}: required but nullable");
                }
                var expected = Expected(property.Name);
                if (expected is "enum" ? values is null : expected is not null && format != expected)
                {
                    wrong.Add($"{field}: {type}/{format ?? "-"} where a {expected} is expected");
                }
                if ((format is "date" or "time" or "date-time" or "uuid" || values is not null) && !example)
                {
                    wrong.Add($"{field}: no example");
                }
            }
        }

        // Query parameters the same way, by the names clients write.
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Where(q => q.GetProperty("in").GetString() == "query") : [];
                foreach (var parameter in parameters)
                {
                    fields++;
                    var name = parameter.GetProperty("name").GetString()!;
                    var field = $"{operation.Name.ToUpperInvariant()} {path.Name} ?{name}";
                    var (type, format, values, example, _) = Describe(schemas, parameter.GetProperty("schema"));
                    var expected = path.Name == "/api/jobs" ? null : Expected(name); // the replaced system's filters: a date or an instant, its status names
                    if (type is null || char.IsUpper(name[0]))
                    {
                        wrong.Add($"{field}: no type, or not the name a client writes");
                    }
                    else if (expected is "enum" ? values is null : expected is not null && format != expected)
                    {
                        wrong.Add($"{field}: {type}/{format ?? "-"} where a {expected} is expected");
                    }
                    else if ((format is "date" or "date-time" or "uuid" || values is not null) && !example)
                    {
                        wrong.Add($"{field}: no example");
                    }
                }
            }
        }

        Assert.True(fields > 190, $"only {fields} request fields and query parameters in the document");
        // Two records of one name share one schema in the document: one of them would be described wrongly.
        Assert.Empty(typeof(Program).Assembly.GetTypes().Where(t => t.Name.EndsWith("Request", StringComparison.Ordinal) || t.Name.EndsWith("Body", StringComparison.Ordinal))
            .GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.True(wrong.Count == 0, "Request fields a generated client would get wrong:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task WhatTheDocumentRequiresIsWhatTheApiRefusesToGoWithout()
    {
        // A hospital and a hotel of its own, with a record of every kind for the routes' ids: the empty bodies below change them.
        var flow = await ApiFlow.CreateAsync(cluster);
        await flow.SeedEveryKindOfRecordAsync(cluster);
        var staff = cluster.Http(flow.TenantId, [.. Roles.All.Where(r => r != Roles.System)]);
        var document = await ApiFlow.Expect(HttpStatusCode.OK, await cluster.HttpWithToken(null).GetAsync("/openapi/v1.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var wrong = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in RouteTable.Of(cluster).Where(r => r.HasBody && !r.Anonymous))
        {
            var key = System.Text.RegularExpressions.Regex.Replace(route.Pattern, @":[^}]*\}", "}");
            if (!document.GetProperty("paths").TryGetProperty(key, out var path)
                || !path.GetProperty(route.Method.ToLowerInvariant()).TryGetProperty("requestBody", out var body)
                || !body.GetProperty("content").TryGetProperty("application/json", out var json)
                || !json.GetProperty("schema").TryGetProperty("$ref", out var reference))
            {
                continue; // no JSON body
            }
            var schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).Order().ToList() : [];

            var response = await staff.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.Path(flow.RouteValue))
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            });
            checkedRoutes++;
            var text = await response.Content.ReadAsStringAsync();
            var refused = response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(text).RootElement is var problem
                && problem.GetProperty("code").GetString() == "validation_failed"
                ? problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToList()
                : [];
            if (!refused.SequenceEqual(required))
            {
                wrong.Add($"{route}: the document requires [{string.Join(", ", required)}], an empty body is refused for [{string.Join(", ", refused)}] ({(int)response.StatusCode})");
            }
        }

        Assert.True(checkedRoutes > 30, $"only {checkedRoutes} routes with a body");
        Assert.True(wrong.Count == 0, "Required-ness the document gets wrong:\n" + string.Join("\n", wrong));
    }

    /// <summary>What a field's name says it holds, the way this API names its fields.</summary>
    private static string? Expected(string name) => name switch
    {
        _ when FreeIds.Contains(name) => null,
        "date" or "timestamp" => name == "date" ? "date" : "date-time",
        _ when name.EndsWith("Date", StringComparison.Ordinal) || name.EndsWith("On", StringComparison.Ordinal) => "date",
        _ when name.EndsWith("Time", StringComparison.Ordinal) || name is "breakStart" or "breakEnd" or "noShowCutoff" or "guaranteedHoldUntil" => "time",
        _ when name.EndsWith("At", StringComparison.Ordinal) => "date-time",
        _ when name.EndsWith("Id", StringComparison.Ordinal) => "uuid",
        "status" or "type" or "kind" or "priority" or "role" or "method" or "weekday" or "dayOfWeek" or "frequency" or "operator"
            or "condition" or "attachmentType" or "absenceType" or "feePolicy" or "weekdays" => "enum",
        _ => null,
    };

    /// <summary>A property's type, format, enum values (its own, its $ref's, or its items'), whether it has an example, whether it may be null.</summary>
    private static (string? Type, string? Format, List<string>? Values, bool Example, bool Nullable) Describe(JsonElement schemas, JsonElement property)
    {
        var nullable = false;
        if (property.TryGetProperty("oneOf", out var oneOf))
        {
            nullable = oneOf.EnumerateArray().Any(c => c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null");
            property = oneOf.EnumerateArray().First(c => c.TryGetProperty("$ref", out _));
        }
        var example = property.TryGetProperty("examples", out _);
        if (property.TryGetProperty("$ref", out var reference))
        {
            property = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            example |= property.TryGetProperty("examples", out _);
        }
        string? type = null;
        if (property.TryGetProperty("type", out var t2))
        {
            var types = t2.ValueKind == JsonValueKind.Array ? t2.EnumerateArray().Select(x => x.GetString()!).ToList() : [t2.GetString()!];
            nullable |= types.Contains("null");
            type = types.FirstOrDefault(x => x != "null");
        }
        var values = property.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(v => v.ToString()).ToList()
            : property.TryGetProperty("items", out var items) && items.TryGetProperty("enum", out var ie) ? ie.EnumerateArray().Select(v => v.ToString()).ToList()
            : property.TryGetProperty("items", out var refItems) && refItems.TryGetProperty("$ref", out var itemRef)
                && schemas.GetProperty(itemRef.GetString()!.Split('/')[^1]).TryGetProperty("enum", out var re) ? re.EnumerateArray().Select(v => v.ToString()).ToList()
            : null;
        var format = property.TryGetProperty("format", out var f) ? f.GetString() : null;
        return (type, format, values, example, nullable);
    }

    /// <summary>Every schema a request body uses, nested records and list items included, by name.</summary>
    private static Dictionary<string, JsonElement> RequestSchemas(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var found = new Dictionary<string, JsonElement>();
        var queue = new Queue<JsonElement>();
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            if (operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("requestBody", out var body))
            {
                queue.Enqueue(body);
            }
        }
        while (queue.TryDequeue(out var node))
        {
            foreach (var reference in References(node))
            {
                var name = reference.Split('/')[^1];
                var schema = schemas.GetProperty(name);
                if (schema.TryGetProperty("properties", out _) && found.TryAdd(name, schema))
                {
                    queue.Enqueue(schema);
                }
            }
        }
        return found;
    }

    private static IEnumerable<string> References(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Object => node.EnumerateObject().SelectMany(p => p.Name == "$ref" ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => node.EnumerateArray().SelectMany(References),
        _ => [],
    };
}
