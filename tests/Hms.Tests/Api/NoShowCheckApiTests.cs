using System.Net;
using System.Net.Http.Json;
using Hms.Appointments;
using Hms.Common;
using Microsoft.Extensions.DependencyInjection;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class NoShowCheckApiTests(ApiFixture cluster)
{
    private static HttpRequestMessage External(string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/no-show/external-trigger");
        if (key is not null)
        {
            request.Headers.Add("x-cron-api-key", key);
        }
        return request;
    }

    [Fact]
    public async Task TheExternalTriggerNeedsTheRightKey()
    {
        var anonymous = cluster.HttpWithToken(null);
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_api_key", await anonymous.SendAsync(External(null)));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_api_key", await anonymous.SendAsync(External("wrong-key")));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_api_key", await anonymous.SendAsync(External(ApiFixture.CronApiKey + "x")));

        var run = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.SendAsync(External(ApiFixture.CronApiKey)));
        Assert.Equal(0, run.GetProperty("errors").GetInt32());
        var health = run.GetProperty("health");
        Assert.Equal("NO_SHOW_CHECK", health.GetProperty("jobName").GetString());
        var thisRun = Assert.Single(health.GetProperty("recentRuns").EnumerateArray(),
            r => r.GetProperty("id").GetGuid() == run.GetProperty("runId").GetGuid());
        Assert.Equal("NO_SHOW_RECONCILE", thisRun.GetProperty("jobName").GetString());
        Assert.Equal("external", thisRun.GetProperty("source").GetString());
        Assert.Equal(run.GetProperty("handled").GetInt32(), thisRun.GetProperty("itemsProcessed").GetInt32());
    }

    [Fact]
    public async Task TheExternalTriggerHandlesADeadlineWhoseReminderWasLost()
    {
        var flow = await ApiFlow.CreateAsync(cluster, "Europe/Berlin", slotDuration: 30);
        var zone = ZonedTime.Zone("Europe/Berlin");
        var local = ZonedTime.ToLocal(cluster.Clock.GetUtcNow().AddHours(1), zone);
        var (date, start) = (DateOnly.FromDateTime(local), new TimeOnly(local.Hour, local.Minute >= 30 ? 30 : 0));
        var id = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start);
        var dueAt = ZonedTime.ToInstant(date, start, zone).AddMinutes(30);

        // The reminder row is lost; the clock flows past the deadline, and the silo's refresh drops it from memory too.
        var table = cluster.Silo.Services.GetRequiredService<IReminderTable>();
        var grainId = cluster.Client.GetGrain<IAppointmentGrain>(id).GetGrainId();
        var row = await table.ReadRow(grainId, AppointmentDeadlines.NoShow.Name);
        Assert.True(await table.RemoveRow(grainId, AppointmentDeadlines.NoShow.Name, row!.ETag!));
        await cluster.Clock.FlowToAsync(dueAt.AddMinutes(3));
        var appointment = $"/api/v1/appointments/{id}";
        Assert.Equal("SCHEDULED", (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync(appointment))).GetProperty("status").GetString());

        var run = await ApiFlow.Expect(HttpStatusCode.OK, await cluster.HttpWithToken(null).SendAsync(External(ApiFixture.CronApiKey)));

        Assert.InRange(run.GetProperty("handled").GetInt32(), 1, run.GetProperty("scanned").GetInt32());
        Assert.Equal(run.GetProperty("handled").GetInt32(), await TestPostgres.ScalarAsync<int>(cluster.ConnectionString,
            "SELECT items_processed FROM job_runs WHERE id = $1", run.GetProperty("runId").GetGuid()));
        Assert.Equal("NO_SHOW", (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync(appointment))).GetProperty("status").GetString());
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'NO_SHOW_DEADLINE' AND source = 'external' AND status = 'COMPLETED'",
            id.ToString()));
    }

    [Fact]
    public async Task AnUnsetKeyDisablesTheExternalTrigger()
    {
        await using var withoutKey = cluster.Api.WithWebHostBuilder(web => web.UseSetting("CRON_API_KEY", ""));
        var response = await withoutKey.CreateClient().SendAsync(External(ApiFixture.CronApiKey));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "trigger_disabled", response);
    }

    [Fact]
    public async Task AdminsTriggerAPassAndReadTheHealth()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var run = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync("/api/v1/no-show/trigger", null));
        Assert.Equal(0, run.GetProperty("scanned").GetInt32());
        Assert.True(run.GetProperty("health").GetProperty("isHealthy").GetBoolean());

        var health = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/cron-health"));
        Assert.Equal("NO_SHOW_CHECK", health.GetProperty("jobName").GetString());
        foreach (var field in new[] { "isHealthy", "healthMessage", "isWorkingHours", "lastRunTime", "lastRunStatus", "consecutiveFailures",
                     "lastSuccessfulRun", "recentRuns", "totalRuns", "failedRuns", "pendingDeadlines", "overdueDeadlines", "lateness" })
        {
            Assert.True(health.TryGetProperty(field, out _), field);
        }
        var stats = health.GetProperty("stats"); // the seed's clients read the counts here
        Assert.Equal((health.GetProperty("totalRuns").GetInt32(), 0, "100.0%"),
            (stats.GetProperty("totalRuns").GetInt32(), stats.GetProperty("failedRuns").GetInt32(), stats.GetProperty("successRate").GetString()));
        Assert.Equal("NO_SHOW_RECONCILE", health.GetProperty("recentRuns")[0].GetProperty("jobName").GetString());
        Assert.Equal("manual", health.GetProperty("recentRuns")[0].GetProperty("source").GetString());

        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Doctor).PostAsync("/api/v1/no-show/trigger", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Nurse).GetAsync("/api/v1/no-show/cron-health"));
    }

    [Fact]
    public async Task AdminsKeepTheStaffList()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var saved = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsJsonAsync("/api/v1/staff/asha",
            new { firstName = "Asha", lastName = "Rao", roles = new[] { "HOSPITAL_ADMIN" }, email = "asha@example.org" }));
        Assert.Equal("asha", saved.GetProperty("userId").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.PutAsJsonAsync("/api/v1/staff/bob",
            new { firstName = "Bob", lastName = "X", roles = new[] { "JANITOR" } }));
        var staff = await ApiFlow.ListAsync(flow.Admin, "/api/v1/staff");
        Assert.Equal(1, staff.GetArrayLength());
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Nurse).PutAsJsonAsync("/api/v1/staff/x",
            new { firstName = "X", lastName = "Y", roles = new[] { "NURSE" } }));
    }
}
