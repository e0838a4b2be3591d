using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class StageAlertApiTests(ApiFixture cluster)
{
    /// <summary>A checked-in appointment whose NO_VITALS alert has been raised, reached by letting the clock pass its instant.</summary>
    private async Task<(ApiFlow Flow, string AppointmentId)> RaisedAsync()
    {
        var flow = await ApiFlow.CreateAsync(cluster, "Asia/Kolkata", slotDuration: 30);
        var (id, vitalsDue) = await flow.CheckInSoonAsync(cluster.Clock, "Asia/Kolkata");
        await cluster.Clock.FlowToAsync(vitalsDue);
        await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{id}")))
            .GetProperty("alerts").GetArrayLength(), n => n > 0, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "NO_VITALS raised");
        return (flow, id);
    }

    [Fact]
    public async Task TheBoardShowsAlertsWithPatientAndDoctorNamesAndStaffActOnThem()
    {
        var (flow, appointmentId) = await RaisedAsync();

        var board = await Eventually.Until(
            async () => await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/alerts?type=NO_VITALS&status=ACTIVE")),
            page => page.GetProperty("total").GetInt32() == 1, what: "alert on the board");
        var alert = board.GetProperty("data")[0];
        Assert.Equal(appointmentId, alert.GetProperty("appointmentId").GetString());
        Assert.Equal(("NO_VITALS", "ACTIVE"), (alert.GetProperty("alertType").GetString(), alert.GetProperty("status").GetString()));
        Assert.Equal("Roy", alert.GetProperty("patient").GetProperty("firstName").GetString());
        Assert.StartsWith("HMS001-", alert.GetProperty("patient").GetProperty("mrn").GetString());
        Assert.Equal("Vijay", alert.GetProperty("doctor").GetProperty("user").GetProperty("lastName").GetString());
        var id = alert.GetProperty("id").GetString();

        var nurse = cluster.Http(flow.TenantId, Roles.Nurse);
        var acknowledged = await ApiFlow.Expect(HttpStatusCode.OK, await nurse.PutAsync($"/api/v1/no-show/alerts/{id}/acknowledge", null));
        Assert.Equal("ACKNOWLEDGED", acknowledged.GetProperty("status").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "alert_not_active", await nurse.PutAsync($"/api/v1/no-show/alerts/{id}/acknowledge", null));
        var resolved = await ApiFlow.Expect(HttpStatusCode.OK, await nurse.PutAsync($"/api/v1/no-show/alerts/{id}/resolve", null));
        Assert.Equal("RESOLVED", resolved.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, resolved.GetProperty("resolvedBy").ValueKind);

        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Receptionist).PutAsync($"/api/v1/no-show/alerts/{id}/resolve", null));
        var other = await ApiFlow.CreateAsync(cluster);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "alert_not_found", await other.Admin.PutAsync($"/api/v1/no-show/alerts/{id}/resolve", null));
        var empty = await ApiFlow.Expect(HttpStatusCode.OK, await other.Admin.GetAsync("/api/v1/no-show/alerts"));
        Assert.Equal(0, empty.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheLiveFeedPushesAnAlertChangeWithinASecond()
    {
        var (flow, _) = await RaisedAsync();
        var board = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/alerts"));
        var id = board.GetProperty("data")[0].GetProperty("id").GetString();
        var feed = cluster.Http(flow.TenantId, Roles.Nurse);
        feed.Timeout = TimeSpan.FromSeconds(30);
        using var stream = await feed.GetStreamAsync("/api/v1/no-show/alerts/stream");
        using var reader = new StreamReader(stream);
        Assert.Equal(": alert feed", await reader.ReadLineAsync());

        // The change is recorded when the PUT answers; from then on the feed has a second to push it.
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsync($"/api/v1/no-show/alerts/{id}/acknowledge", null));
        var changed = Stopwatch.StartNew();
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
            if (line?.StartsWith("data: ", StringComparison.Ordinal) == true && line.Contains("ACKNOWLEDGED", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(1), $"event {changed.Elapsed} after the change");
        var pushed = JsonDocument.Parse(data).RootElement;
        Assert.Equal(id, pushed.GetProperty("id").GetString());
        Assert.Equal("Roy", pushed.GetProperty("patient").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task TheFeedNeedsStaffOfTheHospital()
    {
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized", await cluster.HttpWithToken(null).GetAsync("/api/v1/no-show/alerts/stream"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http("h-x", Roles.Patient).GetAsync("/api/v1/no-show/alerts/stream"));
    }

    [Fact]
    public async Task FiftyConnectedClientsGetOnePushAndCostNoQueryEach()
    {
        var (flow, _) = await RaisedAsync();
        var id = (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/alerts"))).GetProperty("data")[0].GetProperty("id").GetString();
        var readers = new List<StreamReader>();
        for (var i = 0; i < 50; i++)
        {
            var feed = cluster.Http(flow.TenantId, Roles.Nurse);
            feed.Timeout = TimeSpan.FromSeconds(60);
            var reader = new StreamReader(await feed.GetStreamAsync("/api/v1/no-show/alerts/stream"));
            Assert.Equal(": alert feed", await reader.ReadLineAsync());
            readers.Add(reader);
        }
        using var queries = new ReadModelQueries();

        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsync($"/api/v1/no-show/alerts/{id}/acknowledge", null));
        var events = await Task.WhenAll(readers.Select(r => NextEventAsync(r, "ACKNOWLEDGED")));

        Assert.All(events, e => Assert.Contains(id!, e.Data));
        // One read of the changed alert for all fifty, and no polling: a query per client per tick would show here.
        Assert.Equal(1, queries.Count("stage_alerts.board_items"));
        Assert.Equal(0, queries.Count("stage_alerts.changed_since"));
        readers.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task AClientThatReconnectsWithLastEventIdGetsWhatChangedMeanwhile()
    {
        var (flow, _) = await RaisedAsync();
        var id = (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/alerts"))).GetProperty("data")[0].GetProperty("id").GetString();
        var nurse = cluster.Http(flow.TenantId, Roles.Nurse);
        nurse.Timeout = TimeSpan.FromSeconds(30);
        string lastEventId;
        using (var first = new StreamReader(await nurse.GetStreamAsync("/api/v1/no-show/alerts/stream")))
        {
            Assert.Equal(": alert feed", await first.ReadLineAsync());
            await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsync($"/api/v1/no-show/alerts/{id}/acknowledge", null));
            lastEventId = (await NextEventAsync(first, "ACKNOWLEDGED")).Id;
        }

        // Resolved while the client was away.
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsync($"/api/v1/no-show/alerts/{id}/resolve", null));

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-show/alerts/stream");
        again.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await nurse.SendAsync(again, HttpCompletionOption.ResponseHeadersRead);
        using var second = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": alert feed", await second.ReadLineAsync());
        var missed = await NextEventAsync(second, id!);
        Assert.Contains("RESOLVED", missed.Data);
    }

    /// <summary>The next SSE event whose data contains <paramref name="text"/>, within five seconds.</summary>
    private static async Task<(string Id, string Data)> NextEventAsync(StreamReader reader, string text)
    {
        var id = "";
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5))
                ?? throw new EndOfStreamException("The feed ended");
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal))
            {
                return (id, line["data: ".Length..]);
            }
        }
    }
}
