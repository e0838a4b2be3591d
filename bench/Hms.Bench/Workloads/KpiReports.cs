using System.Diagnostics;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// KPI alerts against a 5-minute sweep (the design they replace): N scheduled KPI reports whose occurrence is the same
/// minute (the worst case for per-alert deadlines), each rendering its hour of values as a CSV report;
/// how late the occurrences start and reach the run history, and that each ran once.
/// </summary>
public static class KpiReports
{
    private const string Metric = "er.visits";
    private const int ValuesPerOrganization = 60;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"KPI reports: {args.Count} hourly CSV reports due in the same minute, {args.Silos} silo(s)");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_kpi_{args.Silos}");
        await deployment.StartAsync(args.Silos);
        var api = new HospitalApi(deployment.ApiAddress);

        var earliest = DateTimeOffset.UtcNow.AddSeconds(45 + args.Count / 80.0);
        var occurrence = new DateTimeOffset(earliest.Ticks - earliest.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        var clock = Stopwatch.StartNew();
        var organizations = new List<Hospital>();
        foreach (var i in Enumerable.Range(0, Math.Max(1, args.Count / 200)))
        {
            var organization = await api.CreateOrganizationAsync($"kpi-{i:D3}");
            foreach (var v in Enumerable.Range(0, ValuesPerOrganization))
            {
                await api.PushKpiValueAsync(organization, Metric, occurrence.AddMinutes(-60 + v), 100 + v);
            }
            organizations.Add(organization);
        }
        report.Line($"Seeded {organizations.Count} organizations with {ValuesPerOrganization} values each in {clock.Elapsed.TotalSeconds:F0} s");

        if (await SameInstant.CreateAsync(report, args.Count, occurrence, "alerts",
                i => api.CreateHourlyReportAsync(organizations[i % organizations.Count], Metric, occurrence.Minute, "CSV")) is not { } created)
        {
            return 1;
        }
        var database = await SameInstant.DrainAsync(deployment, report, created, occurrence, "KPI_OCCURRENCE_DEADLINE", "reports");

        var cs = deployment.ConnectionString;
        var durations = await Database.ColumnAsync(cs, "SELECT duration_ms::float8 FROM kpi_alert_runs WHERE kind = 'OCCURRENCE'");
        report.Line($"Per run (query {ValuesPerOrganization} values, render CSV, mail to the log): {Figures.Spread(durations)}");
        var total = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM kpi_alert_runs WHERE kind = 'OCCURRENCE'");
        var alerts = await Database.ScalarAsync<long>(cs, "SELECT count(DISTINCT alert_id) FROM kpi_alert_runs WHERE kind = 'OCCURRENCE'");
        var sent = await Database.ScalarAsync<long>(cs,
            $"SELECT count(*) FROM kpi_alert_runs WHERE kind = 'OCCURRENCE' AND status = 'SENT' AND occurrence = '{occurrence:yyyy-MM-dd HH:mm:ss}+00'");
        report.Line($"Exactly once: {total} runs for {alerts} alerts, {sent} SENT for {occurrence:HH:mm} UTC");
        report.Line("A 5-minute sweep: a report waits 2.5 min on average, up to 5 min");
        await database.ReportAsync(report, "report", created);
        report.Print();
        return 0;
    }
}
