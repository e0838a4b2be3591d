using System.Net;
using System.Text.Json;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// The OpenAPI document a generated client is built from (src/Hms.Api/Hosting/ProblemResponses.cs):
/// every operation lists the problem responses it can answer, each an RFC 9457 problem with its
/// stable code, and only the anonymous routes drop the bearer requirement.
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
                    expected.Add("409");
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
        // Only machine callers with a secret of their own, health, and the development token go without a bearer token.
        Assert.All(anonymous, name => Assert.Matches("^(GET|POST) /(api/cron/|api/dev/|health/|api/v1/no-show/external-trigger)", name));
        Assert.Contains("POST /api/v1/no-show/external-trigger", anonymous);
    }
}
