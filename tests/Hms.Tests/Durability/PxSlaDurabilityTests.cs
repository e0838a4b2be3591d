using System.Net;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>A PX case's SLA deadline on PostgreSQL with real silo processes: within seconds of dueAt, once, through a crash.</summary>
[Trait("Category", "Durability")]
public sealed class PxSlaDurabilityTests
{
    private const string Escalated = "SELECT count(*) FROM px_cases WHERE id = $1 AND status = 'ESCALATED' AND escalation_level = 1";
    private const string EscalationAudits = "SELECT count(*) FROM px_case_audits WHERE case_id = $1 AND action = 'ESCALATED' AND actor = 'system'";
    private const string Runs = "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name = 'PX_SLA_DEADLINE' AND status = 'COMPLETED'";
    private const string Notices = "SELECT count(*) FROM notifications WHERE type = $2 AND metadata->>'caseId' = $1::text";
    private const string Reminders = "SELECT count(*) FROM orleansremindersv2table WHERE grainid LIKE '%' || $1";

    /// <summary>
    /// A hospital with a department, warmed up by a first case due in two days, then a case due
    /// <paramref name="dueIn"/> from the moment everything is up (the deadline is chosen last).
    /// </summary>
    private static async Task<(ApiFlow Flow, Guid CaseId, DateTimeOffset DueAt)> OpenCaseAsync(PostgresDeployment deployment, TimeSpan dueIn)
    {
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 30);
        await flow.AddStaffAsync("nurse-a", Roles.Nurse);
        await flow.AddPxDepartmentAsync("CATERING", "nurse-a");
        await flow.OpenPxCaseAsync("CATERING", DateTimeOffset.UtcNow.AddDays(2), "Warm-up case");
        var dueAt = DateTimeOffset.UtcNow + dueIn;
        var opened = await flow.OpenPxCaseAsync("CATERING", dueAt);
        return (flow, opened.GetProperty("id").GetGuid(), dueAt);
    }

    [Fact]
    public async Task ACaseEscalatesWithinFiveSecondsOfItsDueAtExactlyOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        await deployment.StartSilo().WaitReadyAsync();
        var (_, caseId, dueAt) = await OpenCaseAsync(deployment, TimeSpan.FromSeconds(10));
        Assert.Equal(2, await deployment.CountAsync(Reminders, caseId.ToString("N"))); // sla-due and sla-at-risk

        // The at-risk warning at 80% of the window, before the breach.
        await Eventually.Until(() => deployment.CountAsync(Notices, caseId, "PX_CASE_AT_RISK"), n => n == 1, TimeSpan.FromSeconds(15),
            "the at-risk warning\n" + deployment.SiloLogs);
        Assert.True(DateTimeOffset.UtcNow < dueAt, "the warning came before dueAt");
        Assert.Equal(0, await deployment.CountAsync(Escalated, caseId));

        await MinuteDeadline.Until(dueAt);
        await Eventually.Until(() => deployment.CountAsync(Escalated, caseId), n => n == 1, TimeSpan.FromSeconds(5),
            $"ESCALATED within 5 s of {dueAt:O}\n{deployment.SiloLogs}");
        var lateness = await TestPostgres.ScalarAsync<double>(deployment.ConnectionString,
            "SELECT lateness_ms FROM job_runs WHERE subject_id = $1::text AND job_name = 'PX_SLA_DEADLINE'", caseId.ToString());
        Assert.InRange(lateness, 0, 5000);

        // Both deadlines are disarmed, so no later tick can come: still exactly once.
        await deployment.NoRemindersLeftAsync([caseId], "the SLA deadlines disarmed");
        Assert.Equal(1, await deployment.CountAsync(EscalationAudits, caseId));
        Assert.Equal(1, await deployment.CountAsync(Runs, caseId));
        Assert.Equal(1, await deployment.CountAsync(Notices, caseId, "PX_CASE_ESCALATED"));
    }

    [Fact]
    public async Task ASiloKilledBeforeDueAtAndRestartedAfterItStillEscalatesOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var first = deployment.StartSilo();
        await first.WaitReadyAsync();
        var (flow, caseId, dueAt) = await OpenCaseAsync(deployment, TimeSpan.FromSeconds(12));

        first.Kill();
        Assert.True(DateTimeOffset.UtcNow < dueAt.AddSeconds(-3), "the silo must die before the at-risk instant");
        await MinuteDeadline.Until(dueAt.AddSeconds(2));
        Assert.Equal(0, await deployment.CountAsync(Escalated, caseId));

        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort);
        await second.WaitReadyAsync();
        await Eventually.Until(() => deployment.CountAsync(Escalated, caseId), n => n == 1, TimeSpan.FromSeconds(30),
            "ESCALATED after the restart\n" + deployment.SiloLogs);

        await deployment.NoRemindersLeftAsync([caseId], "the SLA deadlines disarmed");
        Assert.Equal(1, await deployment.CountAsync(EscalationAudits, caseId));
        Assert.Equal(1, await deployment.CountAsync(Runs, caseId));
        Assert.Equal(1, await deployment.CountAsync(Notices, caseId, "PX_CASE_ESCALATED"));
        // The warning's instant passed while no silo was up; handled after dueAt it is moot, so none went out.
        Assert.Equal(0, await deployment.CountAsync(Notices, caseId, "PX_CASE_AT_RISK"));

        var seen = await Eventually.Until(
            async () => await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/patient-experience/cases/{caseId}")),
            c => c.GetProperty("status").GetString() == "ESCALATED", TimeSpan.FromSeconds(30), "API sees ESCALATED through the new silo");
        Assert.Equal(1, seen.GetProperty("escalationLevel").GetInt32());

        // The cron pass finds nothing left to do.
        var cron = new HttpRequestMessage(HttpMethod.Get, "/api/cron/patient-experience/run-sla");
        cron.Headers.Add("x-cron-secret", PostgresDeployment.CronSecret);
        var pass = await ApiFlow.Expect(HttpStatusCode.OK, await deployment.Anonymous().SendAsync(cron));
        Assert.Equal((true, 0, 0), (pass.GetProperty("ok").GetBoolean(), pass.GetProperty("scanned").GetInt32(), pass.GetProperty("escalated").GetInt32()));
        Assert.Equal(1, await deployment.CountAsync(EscalationAudits, caseId));
    }
}
