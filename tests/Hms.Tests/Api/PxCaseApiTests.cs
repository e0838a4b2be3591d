using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>Patient-experience cases over HTTP: cases, their audits, departments and settings, and the two SLA routes with their auth.</summary>
[Collection(ApiCollection.Name)]
public sealed class PxCaseApiTests(ApiFixture cluster)
{
    private async Task<ApiFlow> PxHospitalAsync()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        await flow.AddStaffAsync("nurse-a", Roles.Nurse);
        await flow.AddPxDepartmentAsync("CATERING", "nurse-a");
        return flow;
    }

    private static HttpRequestMessage Cron(string? header = null, string? query = null, bool post = false)
    {
        var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get,
            "/api/cron/patient-experience/run-sla" + (query is null ? "" : "?secret=" + Uri.EscapeDataString(query)));
        if (header is not null)
        {
            request.Headers.Add("x-cron-secret", header);
        }
        return request;
    }

    [Fact]
    public async Task CasesAreOpenedReadChangedListedAndAudited()
    {
        var flow = await PxHospitalAsync();
        var now = cluster.Clock.GetUtcNow();
        var created = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/patient-experience/cases", new
        {
            title = "Cold food on ward 3", description = "Dinner arrived cold", department = "catering", priority = "HIGH",
            dueAt = ApiFlow.Instant(now.AddHours(2)),
        }));
        var id = created.GetProperty("id").GetString();
        Assert.Equal("OPEN", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("CATERING", created.GetProperty("department").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());
        Assert.Equal(now.AddHours(2), created.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(now.AddMinutes(96), created.GetProperty("atRiskAt").GetDateTimeOffset());

        var nurse = cluster.HttpFor(flow.TenantId, "nurse-a", Roles.Nurse);
        var read = await ApiFlow.Expect(HttpStatusCode.OK, await nurse.GetAsync($"/api/patient-experience/cases/{id}"));
        Assert.Equal("Cold food on ward 3", read.GetProperty("title").GetString());

        var working = await ApiFlow.Expect(HttpStatusCode.OK, await nurse.PatchAsJsonAsync($"/api/patient-experience/cases/{id}",
            new { status = "IN_PROGRESS", assigneeId = "nurse-a" }));
        Assert.Equal(("IN_PROGRESS", "nurse-a"), (working.GetProperty("status").GetString(), working.GetProperty("assigneeId").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "invalid_status_transition",
            await nurse.PatchAsJsonAsync($"/api/patient-experience/cases/{id}", new { status = "ESCALATED" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await nurse.PatchAsJsonAsync($"/api/patient-experience/cases/{id}", new { dueAt = "2026-03-27T10:00:00" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "due_at_in_past",
            await nurse.PatchAsJsonAsync($"/api/patient-experience/cases/{id}", new { dueAt = ApiFlow.Instant(now.AddHours(-1)) }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "unknown_department", await flow.Admin.PostAsJsonAsync("/api/patient-experience/cases",
            new { title = "Noise", department = "LAUNDRY", dueAt = ApiFlow.Instant(now.AddHours(1)) }));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Patient).GetAsync($"/api/patient-experience/cases/{id}"));

        var audits = await ApiFlow.ListAsync(nurse, $"/api/patient-experience/cases/{id}/audits");
        Assert.Equal(["CREATED", "STATUS_CHANGED"], audits.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        var moved = audits[1];
        Assert.Equal(("nurse-a", "OPEN", "IN_PROGRESS"), (moved.GetProperty("actor").GetString(), moved.GetProperty("fromStatus").GetString(),
            moved.GetProperty("toStatus").GetString()));
        var change = Assert.Single(moved.GetProperty("changes").EnumerateArray());
        Assert.Equal(("assigneeId", "nurse-a"), (change.GetProperty("field").GetString(), change.GetProperty("to").GetString()));
        Assert.True(audits[0].GetProperty("createdAt").GetDateTimeOffset() <= audits[1].GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ListsFilterByStatusDepartmentOverdueAndPage()
    {
        var flow = await PxHospitalAsync();
        await flow.AddPxDepartmentAsync("NURSING", "nurse-a");
        var now = cluster.Clock.GetUtcNow();
        var soon = await flow.OpenPxCaseAsync("CATERING", now.AddMinutes(30), "Soon");
        await flow.OpenPxCaseAsync("CATERING", now.AddDays(3), "Later");
        await flow.OpenPxCaseAsync("NURSING", now.AddDays(4), "Elsewhere");

        async Task<(int Total, string Titles)> List(string query)
        {
            var page = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/patient-experience/cases" + query));
            return (page.GetProperty("total").GetInt32(), string.Join(",", page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("title").GetString())));
        }

        Assert.Equal((3, "Soon,Later,Elsewhere"), await List(""));
        Assert.Equal((2, "Soon,Later"), await List("?department=catering"));
        Assert.Equal((3, "Soon"), await List("?limit=1"));
        Assert.Equal((3, "Later"), await List("?limit=1&offset=1"));
        Assert.Equal((0, ""), await List("?overdue=true"));

        // Its dueAt passes: the case escalates by itself and now lists as overdue and ESCALATED.
        cluster.Clock.SetUtcNow(soon.GetProperty("dueAt").GetDateTimeOffset());
        await Eventually.Until(() => List("?status=ESCALATED"), r => r.Total == 1, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)),
            what: "the case escalates at its dueAt");
        Assert.Equal((1, "Soon"), await List("?overdue=true"));
        Assert.Equal((2, "Later,Elsewhere"), await List("?overdue=false"));
        Assert.Equal((1, "Elsewhere"), await List("?department=NURSING&status=OPEN"));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/patient-experience/cases?status=LOST"));
    }

    [Fact]
    public async Task TheManualRunIsForAdminsAndSupervisorsAndAnswersScannedEscalatedSkipped()
    {
        var flow = await PxHospitalAsync();
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Nurse).PostAsync("/api/patient-experience/cases/run-sla", null));
        var supervisor = cluster.HttpFor(flow.TenantId, "sup-1", Roles.Supervisor);
        var response = await supervisor.PostAsync("/api/patient-experience/cases/run-sla", null);
        var run = await ApiFlow.Expect(HttpStatusCode.OK, response);
        Assert.Equal((0, 0, 0), (run.GetProperty("scanned").GetInt32(), run.GetProperty("escalated").GetInt32(), run.GetProperty("skipped").GetInt32()));
        Assert.False(run.TryGetProperty("errors", out _));
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE job_name = 'PX_SLA_RUN' AND tenant_id = $1 AND source = 'manual' AND status = 'COMPLETED'", flow.TenantId));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync("/api/patient-experience/cases/run-sla", null));
    }

    [Fact]
    public async Task TheCronRouteNeedsTheSecretInTheHeaderOrTheQuery()
    {
        var anonymous = cluster.HttpWithToken(null);
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret", await anonymous.SendAsync(Cron()));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret", await anonymous.SendAsync(Cron(header: "wrong")));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret", await anonymous.SendAsync(Cron(query: ApiFixture.CronSecret + "x")));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret",
            await cluster.Http("h-any", Roles.HospitalAdmin).SendAsync(Cron()));

        foreach (var request in new[] { Cron(header: ApiFixture.CronSecret), Cron(query: ApiFixture.CronSecret) })
        {
            var run = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.SendAsync(request));
            Assert.True(run.GetProperty("ok").GetBoolean());
            foreach (var field in new[] { "scanned", "escalated", "skipped" })
            {
                Assert.True(run.GetProperty(field).GetInt32() >= 0, field);
            }
        }
        Assert.True(await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE job_name = 'PX_SLA_RUN' AND tenant_id = '*' AND source = 'cron'") >= 2);
    }

    [Fact]
    public async Task ThePostTwinTakesTheSecretInTheHeaderOnly()
    {
        var anonymous = cluster.HttpWithToken(null);
        Assert.True((await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.SendAsync(Cron(header: ApiFixture.CronSecret, post: true)))).GetProperty("ok").GetBoolean());
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret", await anonymous.SendAsync(Cron(query: ApiFixture.CronSecret, post: true)));
    }

    [Fact]
    public async Task AnUnsetSecretDisablesTheCronRoute()
    {
        await using var withoutSecret = cluster.Api.WithWebHostBuilder(web => web.UseSetting("CRON_SECRET", ""));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "trigger_disabled",
            await withoutSecret.CreateClient().SendAsync(Cron(header: ApiFixture.CronSecret)));
    }

    [Fact]
    public async Task LeadsKeepTheDepartmentsAndTheAtRiskShare()
    {
        var flow = await PxHospitalAsync();
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "unknown_staff_member", await flow.Admin.PutAsJsonAsync(
            "/api/patient-experience/departments/NURSING", new { name = "Nursing", memberIds = new[] { "nurse-a", "ghost" } }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.PutAsJsonAsync(
            "/api/patient-experience/departments/bad%20code", new { name = "Bad" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Nurse).PutAsJsonAsync(
            "/api/patient-experience/departments/NURSING", new { name = "Nursing" }));
        var departments = await ApiFlow.ListAsync(cluster.Http(flow.TenantId, Roles.Nurse), "/api/patient-experience/departments");
        var catering = Assert.Single(departments.EnumerateArray());
        Assert.Equal(["nurse-a"], catering.GetProperty("memberIds").EnumerateArray().Select(m => m.GetString()));

        var settings = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/patient-experience/settings"));
        Assert.Equal(80, settings.GetProperty("atRiskPercent").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PutAsJsonAsync("/api/patient-experience/settings", new { atRiskPercent = 100 }));
        var supervisor = cluster.HttpFor(flow.TenantId, "sup-1", Roles.Supervisor);
        Assert.Equal(60, (await ApiFlow.Expect(HttpStatusCode.OK,
            await supervisor.PutAsJsonAsync("/api/patient-experience/settings", new { atRiskPercent = 60 }))).GetProperty("atRiskPercent").GetInt32());
        var now = cluster.Clock.GetUtcNow();
        var opened = await flow.OpenPxCaseAsync("CATERING", now.AddHours(10));
        Assert.Equal(now.AddHours(6), opened.GetProperty("atRiskAt").GetDateTimeOffset());
    }
}
