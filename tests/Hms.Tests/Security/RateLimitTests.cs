using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hms.Tests.Security;

/// <summary>
/// Abuse limits (src/Hms.Api/Auth/RateLimits.cs): writes per user and per tenant, KPI test sends per
/// tenant, anonymous secret-checking routes per address — each over its limit a 429 problem with
/// Retry-After, while reads and other callers go on.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture cluster)
{
    [Fact]
    public async Task WritesAreLimitedPerUserAndPerTenant()
    {
        await using var api = Limited(("WritesPerSecondPerUser", "1"), ("WritesPerSecondPerTenant", "3"));
        var tenant = "h-" + Guid.NewGuid().ToString("N")[..10];
        var ann = Client(api, tenant, "ann", Roles.HospitalAdmin);

        // A bucket of 5 (five seconds' worth) for ann: the sixth write in a row is refused.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add(await ann.PostAsJsonAsync("/api/v1/patients", new { }));
        }
        Assert.Equal(HttpStatusCode.BadRequest, answers[0].StatusCode); // counted like any write, answered by the route
        var refused = answers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await ApiFlow.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited", refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        // Reads are not writes.
        await ApiFlow.Expect(HttpStatusCode.OK, await ann.GetAsync("/api/v1/patients"));

        // The tenant's bucket (15) is shared: other users of the hospital use up what is left, then are refused too.
        var others = Enumerable.Range(0, 6).Select(i => Client(api, tenant, $"user{i}", Roles.HospitalAdmin)).ToList();
        var statuses = new List<HttpStatusCode>();
        foreach (var other in others)
        {
            for (var i = 0; i < 3; i++)
            {
                statuses.Add((await other.PostAsJsonAsync("/api/v1/patients", new { })).StatusCode);
            }
        }
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // Another hospital is not affected.
        var elsewhere = Client(api, "h-" + Guid.NewGuid().ToString("N")[..10], "bob", Roles.HospitalAdmin);
        Assert.Equal(HttpStatusCode.BadRequest, (await elsewhere.PostAsJsonAsync("/api/v1/patients", new { })).StatusCode);
    }

    [Fact]
    public async Task KpiTestSendsAreLimitedPerTenant()
    {
        await using var api = Limited(("TestSendsPerHourPerTenant", "2"));
        var manager = Client(api, "org-" + Guid.NewGuid().ToString("N")[..8], "mia", Roles.Manager);
        for (var i = 0; i < 2; i++)
        {
            await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "alert_not_found", await manager.PostAsync($"/api/v1/kpi-alerts/{Guid.NewGuid()}/run", null));
        }
        var refused = await manager.PostAsync($"/api/v1/kpi-alerts/{Guid.NewGuid()}/run", null);
        await ApiFlow.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited", refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(1)); // an hour's window
    }

    [Fact]
    public async Task GuessingAMachineSecretIsLimitedPerAddress()
    {
        await using var api = Limited(("AnonymousPerMinutePerAddress", "3"));
        var anonymous = api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var guess = new HttpRequestMessage(HttpMethod.Post, "/api/v1/no-show/external-trigger") { Headers = { { "x-cron-api-key", $"guess-{i}" } } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(guess)).StatusCode);
        }
        var next = new HttpRequestMessage(HttpMethod.Post, "/api/v1/no-show/external-trigger") { Headers = { { "x-cron-api-key", ApiFixture.CronApiKey } } };
        await ApiFlow.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited", await anonymous.SendAsync(next));
    }

    [Fact]
    public async Task AlertStreamsAreCappedPerUserAndEndWhenTheirTokenExpires()
    {
        await using var api = Limited(("StreamsPerUser", "2"));
        var tenant = "h-" + Guid.NewGuid().ToString("N")[..10];
        var nurse = Client(api, tenant, "nina", Roles.Nurse);
        nurse.Timeout = TimeSpan.FromSeconds(30);
        using var first = await OpenAsync(nurse);
        using var second = await OpenAsync(nurse);
        await ApiFlow.ExpectProblem(HttpStatusCode.TooManyRequests, "too_many_streams", await nurse.GetAsync("/api/v1/no-show/alerts/stream"));
        using var colleague = await OpenAsync(Client(api, tenant, "noor", Roles.Nurse)); // the cap is per user

        // A token valid for three more seconds: its stream says so at expiry and ends.
        var shortLived = api.CreateClient();
        shortLived.Timeout = TimeSpan.FromSeconds(30);
        shortLived.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Tokens.For(tenant, "sam", [Roles.Nurse], expires: DateTime.UtcNow.AddSeconds(3)));
        using var expiring = await OpenAsync(shortLived);
        var lines = new List<string>();
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // keep-alives come every 15 s: one deadline for the whole read
        while (await expiring.ReadLineAsync(within.Token) is { } line)
        {
            lines.Add(line);
        }
        Assert.Contains("event: token-expired", lines); // then the stream ended (null above), well before the 20 s
    }

    private static async Task<StreamReader> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/no-show/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": alert feed", await reader.ReadLineAsync());
        return reader;
    }

    /// <summary>The test API with some limits set (the shared one has none), on the same cluster.</summary>
    private WebApplicationFactory<Program> Limited(params (string Name, string Value)[] limits) =>
        cluster.Api.WithWebHostBuilder(web =>
        {
            foreach (var (name, value) in limits)
            {
                web.UseSetting($"RateLimits:{name}", value);
            }
        });

    private static HttpClient Client(WebApplicationFactory<Program> api, string tenant, string user, params string[] roles)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(tenant, user, roles));
        return client;
    }
}
