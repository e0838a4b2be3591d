using System.Diagnostics;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// PX cases against a 15-minute sweep (the design they replace): N patient-experience cases whose SLA breaches in the
/// same second (the worst case for per-case deadlines), each warned at 80% of its window first;
/// how late the escalations start and reach the read model, and that each happened once.
/// </summary>
public static class PxSla
{
    private const string Department = "CATERING";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"PX SLA: {args.Count} cases breaching in the same second, {args.Silos} silo(s)");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_px_{args.Silos}");
        await deployment.StartAsync(args.Silos);
        var api = new HospitalApi(deployment.ApiAddress);

        var clock = Stopwatch.StartNew();
        var hospitals = new List<Hospital>();
        foreach (var i in Enumerable.Range(0, Math.Max(1, args.Count / 200)))
        {
            var hospital = await api.CreateHospitalAsync($"px-{i:D3}");
            await api.AddPxDepartmentAsync(hospital, Department, "nurse-a");
            hospitals.Add(hospital);
        }
        report.Line($"Seeded {hospitals.Count} hospitals with a department each in {clock.Elapsed.TotalSeconds:F0} s");

        var dueAt = DateTimeOffset.UtcNow.AddSeconds(30 + args.Count / 100.0);
        dueAt = new DateTimeOffset(dueAt.Ticks - dueAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (await SameInstant.CreateAsync(report, args.Count, dueAt, "cases",
                i => api.OpenPxCaseAsync(hospitals[i % hospitals.Count], Department, dueAt)) is not { } opened)
        {
            return 1;
        }
        var database = await SameInstant.DrainAsync(deployment, report, opened, dueAt, "PX_SLA_DEADLINE", "escalations");

        var cs = deployment.ConnectionString;
        var atRisk = await Database.ColumnAsync(cs,
            $"SELECT lateness_ms FROM job_runs WHERE {Drain.CompletedRunsOf("PX_AT_RISK_DEADLINE")} AND items_processed = 1");
        report.Line($"At-risk warnings (80% of each window, spread while cases were opened): {atRisk.Count}, lateness {Figures.Spread(atRisk)}");
        var audits = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM px_case_audits WHERE action = 'ESCALATED'");
        var cases = await Database.ScalarAsync<long>(cs, "SELECT count(DISTINCT case_id) FROM px_case_audits WHERE action = 'ESCALATED'");
        var level1 = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM px_cases WHERE status = 'ESCALATED' AND escalation_level = 1");
        var notices = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM notifications WHERE type = 'PX_CASE_ESCALATED'");
        report.Line($"Exactly once: {audits} ESCALATED audits for {cases} cases, {level1} cases at level 1, {notices} PX_CASE_ESCALATED notifications");
        report.Line("A 15-minute sweep, for cases due at random instants: waits 7.5 min on average, up to 15 min (p99 14.85 min)");
        await database.ReportAsync(report, "escalation", opened);
        report.Print();
        return 0;
    }
}
