using System.Net;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hms.Tests.Api;

/// <summary>One structured line per request — method, path, status, duration, tenant — and nothing a request carries in its headers, query or body.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLogTests(ApiFixture cluster)
{
    [Fact]
    public async Task EachRequestIsOneLineWithItsTenantAndNoSecretsOrBodies()
    {
        var logs = new CapturedLogs();
        await using var api = cluster.Api.WithWebHostBuilder(web =>
        {
            web.UseSetting("Logging:LogLevel:Hms.Api.Requests", "Information"); // the fixture quiets everything else
            web.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs));
        });
        var client = api.CreateClient();
        var token = Tokens.For("h-logged", Roles.HospitalAdmin);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/patients?search=Lovelace");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var lines = await Eventually.Until(() => Task.FromResult(logs.Entries.Where(e => e.Category == "Hms.Api.Requests").ToList()),
            l => l.Count >= 1, what: "the request's line");
        var line = Assert.Single(lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(("GET", "/api/v1/patients", 200, "h-logged"),
            (line.Fields["Method"]?.ToString(), line.Fields["Route"]?.ToString(), Convert.ToInt32(line.Fields["StatusCode"], System.Globalization.CultureInfo.InvariantCulture),
                line.Fields["Tenant"]?.ToString()));
        Assert.True(line.Fields.ContainsKey("DurationMs"));
        Assert.DoesNotContain('\n', line.Text);
        Assert.DoesNotContain(token, line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", line.Text, StringComparison.Ordinal);
    }
}
