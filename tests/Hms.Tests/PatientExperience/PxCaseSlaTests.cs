using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.Hospitals;
using Hms.PatientExperience;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.PatientExperience;

/// <summary>
/// A case's SLA as deadlines of its grain, on the fixture's fake clock: escalation at dueAt,
/// the at-risk warning before it, the ladder to level 3, the skip rules, and the SLA pass beside them.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class PxCaseSlaTests(GrainClusterFixture cluster)
{
    private const string Department = "CATERING";

    private sealed record Px(string TenantId, Caller Lead, ImmutableArray<string> Members);

    private async Task<Px> SetupAsync(params string[] members)
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var lead = new Caller("lead-" + hospital.Id, hospital.Id, [Roles.Supervisor]);
        var hospitalGrain = cluster.Client.GetGrain<IHospitalGrain>(hospital.Id);
        foreach (var member in members.Append("admin-1"))
        {
            string[] roles = member == "admin-1" ? [Roles.HospitalAdmin] : [Roles.Nurse];
            await hospitalGrain.SaveStaff(new StaffMember(member, "First", member, [.. roles], $"{member}@example.org", null), hospital.Admin);
        }
        await cluster.Client.GetGrain<IPatientExperienceGrain>(hospital.Id)
            .SaveDepartment(new PxDepartment(Department, "Catering", [.. members]), lead);
        return new Px(hospital.Id, lead, [.. members]);
    }

    private Task<PxCaseView> OpenAsync(Px px, TimeSpan dueIn, string? assignee = null) =>
        cluster.Client.GetGrain<IPxCaseGrain>(Guid.NewGuid()).Open(
            new OpenPxCase("Cold food on ward 3", "Dinner arrived cold twice", null, Department, assignee, PxPriority.HIGH,
                cluster.Clock.GetUtcNow() + dueIn), px.Lead);

    private Task<PxCaseView> GetAsync(Px px, PxCaseView c) => cluster.Client.GetGrain<IPxCaseGrain>(c.Id).Get(px.Lead);

    /// <summary>The clock reaches <paramref name="at"/> and stays there until the case satisfies <paramref name="done"/>.</summary>
    private Task<PxCaseView> PassAsync(Px px, PxCaseView c, DateTimeOffset at, Func<PxCaseView, bool> done, string what) =>
        cluster.At(at, () => GetAsync(px, c), done, what);

    private Task<ImmutableDictionary<string, DateTimeOffset>> RemindersAsync(PxCaseView c) =>
        cluster.RemindersOf(cluster.Client.GetGrain<IPxCaseGrain>(c.Id));

    private Task<PxCaseView> EscalatedAsync(Px px, PxCaseView c, int level) =>
        PassAsync(px, c, c.DueAt, x => x.Status == PxCaseStatus.ESCALATED && x.EscalationLevel == level, $"escalated to level {level}");

    /// <summary>The SLA pass over one hospital's cases (handled = escalated).</summary>
    private Task<BackupPassResult> SlaPassAsync(Px px, string actor, RunSource source) =>
        cluster.Client.GetGrain<IBackupPassGrain>(PxSla.Pass).Run(
            actor == "system" ? Caller.System(px.TenantId) : new Caller(actor, px.TenantId, [Roles.Supervisor]), source);

    private static int Skipped(BackupPassResult pass) => pass.Scanned - pass.Handled - pass.Errors.Length;

    private Task<long> CountAsync(string sql, params object[] parameters) => TestPostgres.ScalarAsync<long>(cluster.ConnectionString, sql, parameters);

    private Task<long> NoticesAsync(PxCaseView c, string type) =>
        CountAsync("SELECT count(*) FROM notifications WHERE type = $1 AND metadata->>'caseId' = $2", type, c.Id.ToString());

    [Fact]
    public async Task AnOverdueCaseIsEscalatedAtItsDueAtWithAuditNotificationsAndAJobRun()
    {
        var px = await SetupAsync("nurse-a", "nurse-b");
        var opened = await OpenAsync(px, TimeSpan.FromHours(10));
        Assert.Equal((PxCaseStatus.OPEN, 0), (opened.Status, opened.EscalationLevel));

        Assert.Equal(opened.DueAt, (await RemindersAsync(opened))[PxCaseRules.SlaDue.Name]);
        // A second before dueAt the case is not overdue: the pass's own check skips it.
        cluster.Clock.SetUtcNow(opened.DueAt.AddSeconds(-1));
        Assert.Equal(SlaOutcome.Skipped, await cluster.Client.GetGrain<IPxCaseGrain>(opened.Id).RunSla(px.TenantId, "system", RunSource.Manual));
        Assert.Equal(PxCaseStatus.OPEN, (await GetAsync(px, opened)).Status);

        var escalated = await EscalatedAsync(px, opened, level: 1);
        Assert.Equal(opened.DueAt, escalated.LastEscalatedAt);
        Assert.Empty(await RemindersAsync(opened));

        var audit = (await cluster.Client.GetGrain<IPxCaseGrain>(opened.Id).Audits(px.Lead)).Single(a => a.Action == PxAuditActions.Escalated);
        Assert.Equal(("system", PxCaseStatus.OPEN, PxCaseStatus.ESCALATED, 0, 1),
            (audit.Actor, audit.FromStatus!.Value, audit.ToStatus!.Value, audit.FromLevel!.Value, audit.ToLevel!.Value));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM px_case_audits WHERE id = $1 AND actor = 'system' AND from_level = 0 AND to_level = 1", audit.Id));

        // One notification per department member, with the level and dueAt in its metadata.
        Assert.Equal(2, await CountAsync("""
            SELECT count(*) FROM notifications
            WHERE type = 'PX_CASE_ESCALATED' AND metadata->>'caseId' = $1 AND metadata->>'escalationLevel' = '1'
              AND metadata->>'dueAt' = $2 AND metadata->>'department' = 'CATERING' AND recipient_type = 'USER'
              AND recipient_id IN ('nurse-a', 'nurse-b') AND 'email' = ANY(channels) AND 'in_app' = ANY(channels)
            """, opened.Id.ToString(), opened.DueAt.UtcDateTime.ToString("O")));
        // People read the due time as the hospital's clock shows it (Europe/Berlin, with its offset), not in UTC.
        var berlin = TimeZoneInfo.ConvertTime(opened.DueAt, ZonedTime.Zone("Europe/Berlin"));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM notifications WHERE type = 'PX_CASE_ESCALATED' AND metadata->>'caseId' = $1 AND message LIKE $2",
            opened.Id.ToString(), $"%passed its due time {berlin:yyyy-MM-dd HH:mm} {berlin:zzz} and is escalated%"));
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_SLA_DEADLINE' AND status = 'COMPLETED' AND source = 'reminder' AND lateness_ms = 0",
            opened.Id.ToString()));
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM px_cases WHERE id = $1 AND status = 'ESCALATED' AND escalation_level = 1 AND sla_due_at IS NULL AND at_risk_at IS NULL",
            opened.Id));
    }

    [Fact]
    public async Task TheDepartmentIsWarnedWhenEightyPercentOfTheWindowHasPassed()
    {
        var px = await SetupAsync("nurse-a");
        var opened = await OpenAsync(px, TimeSpan.FromHours(10), assignee: "admin-1");
        var atRisk = opened.SlaStartedAt.AddHours(8);
        Assert.Equal(atRisk, opened.AtRiskAt);

        Assert.Equal(atRisk, (await RemindersAsync(opened))[PxCaseRules.AtRisk.Name]);

        // The department's member and the assignee, warned at exactly the 80% instant.
        await cluster.At(atRisk, () => NoticesAsync(opened, PxCaseNotices.AtRisk), n => n == 2, "two at-risk warnings");
        var warned = await GetAsync(px, opened);
        Assert.Equal((PxCaseStatus.OPEN, 0), (warned.Status, warned.EscalationLevel));
        Assert.Equal(atRisk, warned.AtRiskHandledAt);
        Assert.Equal([PxCaseRules.SlaDue.Name], (await RemindersAsync(opened)).Keys);
        Assert.Contains(await cluster.Client.GetGrain<IPxCaseGrain>(opened.Id).Audits(px.Lead),
            a => a.Action == PxAuditActions.AtRisk && a.Actor == "system");
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_AT_RISK_DEADLINE' AND items_processed = 1", opened.Id.ToString()));

        await EscalatedAsync(px, opened, level: 1);
        Assert.Equal(2, await NoticesAsync(opened, PxCaseNotices.AtRisk));
    }

    [Fact]
    public async Task TheAtRiskShareComesFromTheHospitalsSettings()
    {
        var px = await SetupAsync("nurse-a");
        await cluster.Client.GetGrain<IPatientExperienceGrain>(px.TenantId).SaveSettings(new PxSettings(AtRiskPercent: 50), px.Lead);
        var opened = await OpenAsync(px, TimeSpan.FromHours(4));
        Assert.Equal(opened.SlaStartedAt.AddHours(2), opened.AtRiskAt);

        await cluster.At(opened.SlaStartedAt.AddHours(2), () => NoticesAsync(opened, PxCaseNotices.AtRisk), n => n == 1,
            "the warning at half the window");
        Assert.Equal(opened.SlaStartedAt.AddHours(2), (await GetAsync(px, opened)).AtRiskHandledAt);
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            cluster.Client.GetGrain<IPatientExperienceGrain>(px.TenantId).SaveSettings(new PxSettings(100), px.Lead));
        Assert.Equal("invalid_at_risk_percent", refused.Code);
    }

    [Fact]
    public async Task ACaseClimbsTheLadderToLevelThreeAndNeverBeyond()
    {
        var px = await SetupAsync("nurse-a");
        var c = await OpenAsync(px, TimeSpan.FromHours(1));
        var grain = cluster.Client.GetGrain<IPxCaseGrain>(c.Id);
        c = await EscalatedAsync(px, c, level: 1);
        for (var level = 2; level <= 3; level++)
        {
            c = await grain.Change(new ChangePxCase(Status: PxCaseStatus.IN_PROGRESS, DueAt: cluster.Clock.GetUtcNow().AddHours(1)), px.Lead);
            Assert.Equal((PxCaseStatus.IN_PROGRESS, level - 1), (c.Status, c.EscalationLevel));
            c = await EscalatedAsync(px, c, level);
        }

        // At level 3 the case goes back to work with no SLA deadline left (no reminder that could tick),
        // and once its dueAt has passed the pass's own check skips it too.
        c = await grain.Change(new ChangePxCase(Status: PxCaseStatus.IN_PROGRESS, DueAt: cluster.Clock.GetUtcNow().AddHours(1)), px.Lead);
        Assert.Empty(await RemindersAsync(c));
        cluster.Clock.SetUtcNow(c.DueAt.AddMinutes(1));
        Assert.Equal(SlaOutcome.Skipped, await grain.RunSla(px.TenantId, "system", RunSource.Manual));
        var top = await grain.Get(px.Lead);
        Assert.Equal((PxCaseStatus.IN_PROGRESS, 3), (top.Status, top.EscalationLevel));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM px_case_audits WHERE case_id = $1 AND action = 'ESCALATED'", c.Id));
        Assert.Equal([1, 2, 3], (await grain.Audits(px.Lead)).Where(a => a.Action == PxAuditActions.Escalated).Select(a => a.ToLevel!.Value));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_SLA_DEADLINE'", c.Id.ToString()));
    }

    [Fact]
    public async Task EscalatedInactiveResolvedAndNotYetDueCasesAreSkipped()
    {
        var px = await SetupAsync("nurse-a");
        var escalated = await OpenAsync(px, TimeSpan.FromMinutes(30));
        var inactive = await OpenAsync(px, TimeSpan.FromMinutes(30));
        var resolved = await OpenAsync(px, TimeSpan.FromMinutes(30));
        var later = await OpenAsync(px, TimeSpan.FromDays(2));
        await cluster.Client.GetGrain<IPxCaseGrain>(inactive.Id).Change(new ChangePxCase(Active: false), px.Lead);
        await cluster.Client.GetGrain<IPxCaseGrain>(resolved.Id).Change(new ChangePxCase(Status: PxCaseStatus.RESOLVED), px.Lead);

        await EscalatedAsync(px, escalated, level: 1);
        // Only the case not yet due still holds a deadline, at its own dueAt: nothing else can tick.
        foreach (var c in new[] { escalated, inactive, resolved })
        {
            Assert.Empty(await RemindersAsync(c));
        }
        Assert.Equal(later.DueAt, (await RemindersAsync(later))[PxCaseRules.SlaDue.Name]);
        cluster.Clock.Advance(TimeSpan.FromSeconds(30));

        foreach (var c in new[] { escalated, inactive, resolved, later })
        {
            Assert.Equal(SlaOutcome.Skipped, await cluster.Client.GetGrain<IPxCaseGrain>(c.Id).RunSla(px.TenantId, "system", RunSource.Manual));
        }
        Assert.Equal((PxCaseStatus.OPEN, 0), ((await GetAsync(px, inactive)).Status, (await GetAsync(px, inactive)).EscalationLevel));
        Assert.Equal(PxCaseStatus.RESOLVED, (await GetAsync(px, resolved)).Status);
        Assert.Equal(PxCaseStatus.OPEN, (await GetAsync(px, later)).Status);
        Assert.Equal(1, (await GetAsync(px, escalated)).EscalationLevel);

        // The pass scans only active OPEN/IN_PROGRESS cases past their dueAt.
        var pass = await SlaPassAsync(px, "system", RunSource.Cron);
        Assert.Equal((0, 0, 0), (pass.Scanned, pass.Handled, Skipped(pass)));

        // Reactivated while overdue: escalated at once.
        var back = await cluster.Client.GetGrain<IPxCaseGrain>(inactive.Id).Change(new ChangePxCase(Active: true), px.Lead);
        Assert.Equal((PxCaseStatus.ESCALATED, 1), (back.Status, back.EscalationLevel));
    }

    [Fact]
    public async Task DuplicateAndLateTicksChangeNothing()
    {
        var px = await SetupAsync("nurse-a", "nurse-b");
        var c = await OpenAsync(px, TimeSpan.FromHours(2));
        // The clock jumps past dueAt, then flows: both deadlines are handled late.
        cluster.Clock.SetUtcNow(c.DueAt.AddSeconds(1));
        await Eventually.Until(() => GetAsync(px, c), x => x.Status == PxCaseStatus.ESCALATED,
            () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "escalated late");
        var grain = cluster.Client.GetGrain<IPxCaseGrain>(c.Id);

        // The escalation disarmed both deadlines: no reminder is left to tick again, only pokes.
        Assert.Empty(await RemindersAsync(c));
        Assert.Equal(SlaOutcome.Skipped, await grain.RunSla(px.TenantId, "system", RunSource.Reminder));
        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SlaOutcome.Skipped, await grain.RunSla(px.TenantId, "system", RunSource.External));

        Assert.Equal(1, (await grain.Get(px.Lead)).EscalationLevel);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM px_case_audits WHERE case_id = $1 AND action = 'ESCALATED'", c.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_SLA_DEADLINE'", c.Id.ToString()));
        Assert.Equal(2, await NoticesAsync(c, PxCaseNotices.Escalated));
        // The clock jumped past dueAt: the at-risk deadline was handled late, when the warning was moot, so none went out.
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_AT_RISK_DEADLINE' AND items_processed = 0", c.Id.ToString()));
        Assert.Equal(0, await NoticesAsync(c, PxCaseNotices.AtRisk));
    }

    [Fact]
    public async Task ThePassEscalatesWhatItsDeadlineCouldNotAndTheDeadlineThenSkipsIt()
    {
        var px = await SetupAsync("nurse-a");
        var c = await OpenAsync(px, TimeSpan.FromHours(1));
        var grain = cluster.Client.GetGrain<IPxCaseGrain>(c.Id);
        await PassAsync(px, c, c.AtRiskAt!.Value, x => x.AtRiskHandledAt is not null, "the warning first");

        // The deadline's own attempt fails (storage refuses the write); its reminder would retry a period later.
        await cluster.FailNextWriteOf("pxCase", grain);
        await cluster.At(c.DueAt, () => CountAsync(
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_SLA_DEADLINE' AND status = 'FAILED'", c.Id.ToString()),
            n => n == 1, "the failed attempt recorded");
        Assert.Equal(PxCaseStatus.OPEN, (await grain.Get(px.Lead)).Status);

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var pass = await SlaPassAsync(px, "supervisor-7", RunSource.Manual);
        Assert.Equal((1, 1, 0), (pass.Scanned, pass.Handled, Skipped(pass)));
        Assert.Empty(pass.Errors);

        // The pass's escalation disarmed the deadline: its reminder will not retry.
        Assert.Empty(await RemindersAsync(c));
        var audit = Assert.Single(await grain.Audits(px.Lead), a => a.Action == PxAuditActions.Escalated);
        Assert.Equal("supervisor-7", audit.Actor);
        Assert.Equal(1, (await grain.Get(px.Lead)).EscalationLevel);
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'PX_SLA_DEADLINE' AND status = 'COMPLETED' AND source = 'manual'",
            c.Id.ToString()));
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM job_runs WHERE job_name = 'PX_SLA_RUN' AND tenant_id = $1 AND source = 'manual' AND items_processed = 1", px.TenantId));

        var again = await SlaPassAsync(px, "supervisor-7", RunSource.Manual);
        Assert.Equal((0, 0, 0), (again.Scanned, again.Handled, Skipped(again)));
    }

    [Fact]
    public async Task OnlySensibleChangesAreAccepted()
    {
        var px = await SetupAsync("nurse-a");
        var c = await OpenAsync(px, TimeSpan.FromHours(1));
        var grain = cluster.Client.GetGrain<IPxCaseGrain>(c.Id);
        async Task<string> Refused(ChangePxCase change) => (await Assert.ThrowsAsync<DomainException>(() => grain.Change(change, px.Lead))).Code;

        Assert.Equal("invalid_status_transition", await Refused(new ChangePxCase(Status: PxCaseStatus.ESCALATED)));
        Assert.Equal("due_at_in_past", await Refused(new ChangePxCase(DueAt: cluster.Clock.GetUtcNow().AddMinutes(-1))));
        Assert.Equal("unknown_department", await Refused(new ChangePxCase(Department: "LAUNDRY")));
        Assert.Equal("unknown_assignee", await Refused(new ChangePxCase(AssigneeId: "nobody")));
        Assert.Equal("patient_not_found", await Refused(new ChangePxCase(PatientId: Guid.NewGuid())));

        await EscalatedAsync(px, c, level: 1);
        Assert.Equal("new_due_at_required", await Refused(new ChangePxCase(Status: PxCaseStatus.IN_PROGRESS)));
        Assert.Equal("invalid_status_transition", await Refused(new ChangePxCase(Status: PxCaseStatus.OPEN)));
        var resolved = await grain.Change(new ChangePxCase(Status: PxCaseStatus.RESOLVED), px.Lead);
        Assert.Equal(cluster.Clock.GetUtcNow(), resolved.ResolvedAt);
        var closed = await grain.Change(new ChangePxCase(Status: PxCaseStatus.CLOSED), px.Lead);
        Assert.Equal(cluster.Clock.GetUtcNow(), closed.ClosedAt);
        Assert.Equal("case_closed", await Refused(new ChangePxCase(Title: "Again")));

        var other = new Caller("lead-x", "h-other", [Roles.Supervisor]);
        Assert.Equal("case_not_found", (await Assert.ThrowsAsync<DomainException>(() => grain.Get(other))).Code);
        Assert.Equal(SlaOutcome.Skipped, await grain.RunSla("h-other", "system", RunSource.Cron));
    }

    [Fact]
    public async Task ADepartmentWithNobodyInItFallsBackToTheHospitalsLeads()
    {
        var px = await SetupAsync();
        var c = await OpenAsync(px, TimeSpan.FromMinutes(20));
        await EscalatedAsync(px, c, level: 1);
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM notifications WHERE type = 'PX_CASE_ESCALATED' AND metadata->>'caseId' = $1 AND recipient_id = 'admin-1'",
            c.Id.ToString()));
    }
}
