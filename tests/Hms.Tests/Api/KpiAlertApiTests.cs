using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;
using MimeKit;
using MiniExcelLibs;

namespace Hms.Tests.Api;

/// <summary>KPI alerts over HTTP: alerts, their preview, history and test send, the built-in store, a Cube.js-style source, bad input.</summary>
[Collection(ApiCollection.Name)]
public sealed class KpiAlertApiTests(ApiFixture cluster)
{
    private readonly string _tenant = "org-" + Guid.NewGuid().ToString("N")[..10];

    private HttpClient Manager => cluster.Http(_tenant, Roles.Manager);

    private async Task<MimeMessage> MailAsync(string subjectPart) =>
        (await Eventually.Until(() => Task.FromResult(cluster.Smtp.Received.Select(m => m.Parse()).Where(m => m.Subject?.Contains(subjectPart) == true).ToList()),
            m => m.Count > 0, what: $"mail '{subjectPart}'"))[0];

    private static async Task<byte[]> AttachmentAsync(MimeMessage mail)
    {
        using var content = new MemoryStream();
        await ((MimePart)mail.Attachments.Single()).Content!.DecodeToAsync(content);
        return content.ToArray();
    }

    private async Task<JsonElement> CreateAsync(object body) =>
        await ApiFlow.Expect(HttpStatusCode.Created, await Manager.PostAsJsonAsync("/api/v1/kpi-alerts", body));

    [Fact]
    public async Task AlertsAreCreatedReadPreviewedChangedTestSentAndDeleted()
    {
        var now = cluster.Clock.GetUtcNow();
        var name = "Bed occupancy " + Guid.NewGuid().ToString("N")[..6];
        await ApiFlow.Expect(HttpStatusCode.Created, await Manager.PostAsJsonAsync("/api/v1/kpis/beds.occupied/values",
            new { value = 41, timestamp = ApiFlow.Instant(now.AddMinutes(-30)) }));
        var created = await CreateAsync(new
        {
            name, dashboardId = "dash-7", graphId = "graph-3", metric = "beds.occupied", recipients = new[] { "Ops@Example.org", "lead@example.org" },
            type = "schedule",
            schedule = new { frequency = "week", hour = 7, minute = 30, weekdays = new[] { "MONDAY", "thu" }, timeZone = "America/New_York", attachmentType = "EXCEL" },
        });
        var id = created.GetProperty("id").GetString();
        Assert.Equal(("schedule", true, "WEEKLY", "EXCEL"), (created.GetProperty("type").GetString(), created.GetProperty("isActive").GetBoolean(),
            created.GetProperty("schedule").GetProperty("frequency").GetString(), created.GetProperty("schedule").GetProperty("attachmentType").GetString()));
        Assert.Equal(["MONDAY", "THURSDAY"], created.GetProperty("schedule").GetProperty("weekdays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("BUILT_IN", created.GetProperty("source").GetProperty("kind").GetString());

        // Mondays and Thursdays at 07:30 in New York, the first after now.
        var next = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/next?count=3"));
        var occurrences = next.GetProperty("occurrences").EnumerateArray().Select(o => o.GetDateTimeOffset()).ToList();
        var newYork = ZonedTime.Zone("America/New_York");
        Assert.Equal(3, occurrences.Count);
        Assert.True(occurrences[0] > now && occurrences[0] < now.AddDays(4.1));
        Assert.All(occurrences, o => Assert.Equal((7, 30), (ZonedTime.ToLocal(o, newYork).Hour, ZonedTime.ToLocal(o, newYork).Minute)));
        Assert.All(occurrences, o => Assert.Contains(ZonedTime.ToLocal(o, newYork).DayOfWeek, new[] { DayOfWeek.Monday, DayOfWeek.Thursday }));
        Assert.True(occurrences[0] < occurrences[1] && occurrences[1] < occurrences[2]);
        Assert.Equal(5, (await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/next")))
            .GetProperty("occurrences").GetArrayLength());
        Assert.Equal(occurrences[0], created.GetProperty("nextRunAt").GetDateTimeOffset());

        // A test send: the week's report as .xlsx, mailed now; the schedule does not move.
        var sending = Stopwatch.StartNew();
        var run = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.PostAsync($"/api/v1/kpi-alerts/{id}/run", null));
        var roundTrip = sending.ElapsedMilliseconds;
        Assert.Equal(("TEST", "SENT", "EXCEL"), (run.GetProperty("kind").GetString(), run.GetProperty("status").GetString(),
            run.GetProperty("attachmentType").GetString()));
        var mail = await MailAsync(name);
        Assert.Equal(["Ops@Example.org", "lead@example.org"], mail.To.Mailboxes.Select(m => m.Address).ToArray());
        var xlsx = await AttachmentAsync(mail);
        Assert.Equal(run.GetProperty("attachmentBytes").GetInt64(), xlsx.Length);
        var rows = new MemoryStream(xlsx).Query().Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(rows, r => r["A"]?.ToString() == "Report" && r["B"]?.ToString() == name);
        Assert.Contains(rows, r => r["B"] is double v && v == 41);

        var runs = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/runs"));
        Assert.Equal(1, runs.GetProperty("total").GetInt32());
        var history = runs.GetProperty("data")[0];
        Assert.Equal(("TEST", "SENT", 2), (history.GetProperty("kind").GetString(), history.GetProperty("status").GetString(),
            history.GetProperty("recipients").GetArrayLength()));
        // Rendering and mailing happened inside the request: the run took no longer than the round trip.
        Assert.InRange(history.GetProperty("durationMs").GetInt64(), 0, roundTrip);

        // The report the run sent can be downloaded, byte for byte; by the alert's own tenant only.
        var download = await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/runs/{run.GetProperty("id").GetString()}/attachment");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(xlsx, await download.Content.ReadAsByteArrayAsync());
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "attachment_not_found",
            await cluster.Http("org-other", Roles.Manager).GetAsync($"/api/v1/kpi-alerts/{id}/runs/{run.GetProperty("id").GetString()}/attachment"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "attachment_not_found",
            await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/runs/{Guid.NewGuid()}/attachment"));

        // Pause, change, list, resume, delete.
        var paused = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.PatchAsJsonAsync($"/api/v1/kpi-alerts/{id}", new { isActive = false, name = name + " (paused)" }));
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("nextRunAt").ValueKind);
        var list = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync("/api/v1/kpi-alerts?isActive=false"));
        Assert.Equal(name + " (paused)", list.GetProperty("data").EnumerateArray().Single().GetProperty("name").GetString());
        var resumed = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.PatchAsJsonAsync($"/api/v1/kpi-alerts/{id}", new { isActive = true }));
        Assert.Equal(occurrences[0], resumed.GetProperty("nextRunAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.NoContent, (await Manager.DeleteAsync($"/api/v1/kpi-alerts/{id}")).StatusCode);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "alert_not_found", await Manager.GetAsync($"/api/v1/kpi-alerts/{id}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "alert_not_found", await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/runs"));
        await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync("/api/v1/kpi-alerts"))).GetProperty("total").GetInt32(),
            total => total == 0, what: "the deleted alert leaves the list");
    }

    [Fact]
    public async Task PushedValuesAreStoredAndAThresholdOnThemFiresAtOnceByEMail()
    {
        var now = cluster.Clock.GetUtcNow();
        var name = "Waiting room " + Guid.NewGuid().ToString("N")[..6];
        var alert = await CreateAsync(new
        {
            name, dashboardId = "d", graphId = "g", metric = "er.waiting", recipients = new[] { "triage@example.org" }, type = "threshold",
            threshold = new { condition = "GREATER_THAN_OR_EQUAL", value = 20, holdMinutes = 0, timeZone = "Europe/Berlin" },
        });
        Assert.Equal((5, "OK"), (alert.GetProperty("threshold").GetProperty("evaluateEveryMinutes").GetInt32(),
            alert.GetProperty("thresholdState").GetProperty("state").GetString()));

        var pushed = await ApiFlow.Expect(HttpStatusCode.Created, await Manager.PostAsJsonAsync("/api/v1/kpis/er.waiting/values",
            new { value = 25, timestamp = ApiFlow.Instant(now) }));
        Assert.Equal(25m, pushed.GetProperty("value").GetDecimal());
        var mail = await MailAsync(name);
        Assert.StartsWith("[FIRING]", mail.Subject);
        Assert.Contains("er.waiting >= 20", mail.TextBody);

        var series = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync(
            $"/api/v1/kpis/er.waiting/values?from={Uri.EscapeDataString(ApiFlow.Instant(now.AddMinutes(-1)))}"));
        Assert.Equal(1, series.GetProperty("total").GetInt32());
        Assert.Equal(now, series.GetProperty("data")[0].GetProperty("timestamp").GetDateTimeOffset());

        // Another organization's store is its own.
        var other = cluster.Http("org-other-" + Guid.NewGuid().ToString("N")[..6], Roles.Manager);
        Assert.Equal(0, (await ApiFlow.Expect(HttpStatusCode.OK, await other.GetAsync("/api/v1/kpis/er.waiting/values"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ACubeSourceAnswersTheReportQueryWithTheTokenAndThePeriodAsItsDateRange()
    {
        await using var cube = new CubeStub(Ports.Free());
        cube.Data = """[{"Visits.count":"17","Visits.createdAt.hour":"2026-03-27T06:00:00.000"},{"Visits.count":"23","Visits.createdAt.hour":"2026-03-27T07:00:00.000"}]""";
        cube.ContinueWait(1);
        var name = "Cube visits " + Guid.NewGuid().ToString("N")[..6];
        var alert = await CreateAsync(new
        {
            name, dashboardId = "d", graphId = "g", metric = "Visits.count", recipients = new[] { "ops@example.org" }, type = "schedule",
            source = new
            {
                kind = "CUBE", baseUrl = cube.BaseUrl, token = "cube-secret",
                query = new { timeDimensions = new[] { new { dimension = "Visits.createdAt", granularity = "hour" } }, timezone = "Europe/Berlin" },
            },
            schedule = new { frequency = "DAILY", hour = 8, minute = 0, timeZone = "Europe/Berlin", attachmentType = "CSV" },
        });
        Assert.True(alert.GetProperty("source").GetProperty("hasToken").GetBoolean());
        Assert.DoesNotContain("cube-secret", alert.GetRawText());

        var run = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.PostAsync($"/api/v1/kpi-alerts/{alert.GetProperty("id").GetString()}/run", null));
        Assert.Equal("SENT", run.GetProperty("status").GetString());
        var csv = Encoding.UTF8.GetString(await AttachmentAsync(await MailAsync(name)));
        Assert.Contains("2026-03-27T06:00:00+01:00,17\r\n", csv);
        Assert.Contains("2026-03-27T07:00:00+01:00,23\r\n", csv);

        Assert.Equal(2, cube.Requests.Count); // "Continue wait", then the answer
        var (query, authorization) = cube.Requests.Last();
        Assert.Equal("cube-secret", authorization);
        using var sent = JsonDocument.Parse(query);
        Assert.Equal("Visits.count", sent.RootElement.GetProperty("measures")[0].GetString());
        Assert.Equal(2, sent.RootElement.GetProperty("timeDimensions")[0].GetProperty("dateRange").GetArrayLength());

        // A failing source fails the run with a stable code (its own text stays in the silo's log), and nothing is mailed.
        cube.Failure = (500, "Query timeout");
        var failed = await ApiFlow.Expect(HttpStatusCode.OK, await Manager.PostAsync($"/api/v1/kpi-alerts/{alert.GetProperty("id").GetString()}/run", null));
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.Contains("kpi_source_unavailable", failed.GetProperty("error").GetString());
        Assert.DoesNotContain("Query timeout", failed.GetProperty("error").GetString());
        Assert.DoesNotContain("500", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task BadAlertsAreRefusedWithStableCodesAndOtherRolesAndTenantsAreKeptOut()
    {
        object Schedule(object schedule, string[]? recipients = null, string type = "schedule", object? threshold = null, object? source = null) => new
        {
            name = "R", dashboardId = "d", graphId = "g", metric = "m", recipients = recipients ?? ["a@example.org"], type, schedule, threshold, source,
        };
        var daily = new { frequency = "DAILY", hour = 8, minute = 0, timeZone = "Europe/Berlin" };
        async Task Refused(string code, object body) =>
            await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, code, await Manager.PostAsJsonAsync("/api/v1/kpi-alerts", body));

        await Refused("invalid_recipient", Schedule(daily, ["not-an-address"]));
        await Refused("invalid_recipient", Schedule(daily, ["Ops <ops@example.org>"]));
        await Refused("invalid_recipients", Schedule(daily, []));
        await Refused("invalid_time_zone", Schedule(new { frequency = "DAILY", hour = 8, minute = 0, timeZone = "Mars/Olympus" }));
        await Refused("invalid_schedule_time", Schedule(new { frequency = "DAILY", hour = 24, minute = 0, timeZone = "UTC" }));
        await Refused("weekdays_required", Schedule(new { frequency = "WEEKLY", hour = 8, minute = 0, timeZone = "UTC" }));
        await Refused("invalid_days_of_month", Schedule(new { frequency = "MONTHLY", hour = 8, minute = 0, daysOfMonth = new[] { 32 }, timeZone = "UTC" }));
        await Refused("threshold_required", Schedule(daily, type: "threshold"));
        await Refused("invalid_source_url", Schedule(daily, source: new { kind = "CUBE", baseUrl = "ftp://cube", query = new { } }));
        await Refused("invalid_source_query", Schedule(daily, source: new { kind = "CUBE", baseUrl = "http://cube.local/cubejs-api/v1" }));
        await Refused("source_not_allowed", Schedule(daily, source: new { kind = "CUBE", baseUrl = "http://169.254.169.254/latest", query = new { } }));
        await Refused("validation_failed", Schedule(daily, type: "sometimes"));
        await Refused("validation_failed", Schedule(new { frequency = "FORTNIGHTLY", timeZone = "UTC" }));
        await Refused("validation_failed", Schedule(daily, type: "threshold", threshold: new { condition = "BIGGER", value = 1 }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await Manager.PostAsJsonAsync("/api/v1/kpis/bad key!/values", new { value = 1 }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await Manager.PostAsJsonAsync("/api/v1/kpis/ok.key/values", new { timestamp = "2026-03-27T08:00:00Z" }));

        var alert = await CreateAsync(Schedule(daily));
        var id = alert.GetProperty("id").GetString();
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await Manager.GetAsync($"/api/v1/kpi-alerts/{id}/next?count=51"));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_recipient",
            await Manager.PatchAsJsonAsync($"/api/v1/kpi-alerts/{id}", new { recipients = new[] { "x@" } }));
        Assert.Equal("a@example.org", (await ApiFlow.Expect(HttpStatusCode.OK, await Manager.GetAsync($"/api/v1/kpi-alerts/{id}")))
            .GetProperty("recipients")[0].GetString()); // nothing stored was lost

        Assert.Equal(HttpStatusCode.Forbidden, (await cluster.Http(_tenant, Roles.Nurse).GetAsync("/api/v1/kpi-alerts")).StatusCode);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "alert_not_found",
            await cluster.Http("org-intruder", Roles.Manager).GetAsync($"/api/v1/kpi-alerts/{id}"));
    }
}
