using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Issue 7 against the seed's 5-minute sweep: N scheduled KPI reports whose occurrence is the same
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

        var creating = new ConcurrentBag<(HttpStatusCode Status, double Ms)>();
        clock.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, args.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            creating.Add(await api.CreateHourlyReportAsync(organizations[i % organizations.Count], Metric, occurrence.Minute, "CSV")));
        var created = creating.Count(o => o.Status == HttpStatusCode.Created);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Created {created} of {args.Count} alerts due {occurrence:HH:mm:ss} UTC in {clock.Elapsed.TotalSeconds:F1} s ({created / clock.Elapsed.TotalSeconds:F0}/s), create latency {Figures.Spread([.. creating.Select(o => o.Ms)])}"));
        if (DateTimeOffset.UtcNow >= occurrence.AddSeconds(-5))
        {
            report.Line("Alerts were still being created at their occurrence; the run is not valid.");
            report.Print();
            return 1;
        }

        var database = await DatabaseStats.StartAsync(deployment.ConnectionString);
        await Drain.UntilAsync(occurrence);
        var cpu = deployment.MeasureCpu();
        var runs = Drain.CompletedRunsOf("KPI_OCCURRENCE_DEADLINE");
        await Drain.UntilHandledAsync(deployment, created, occurrence, TimeSpan.FromMinutes(15), runs);
        cpu.Report(report);

        var cs = deployment.ConnectionString;
        var lateness = await Database.ColumnAsync(cs, $"SELECT lateness_ms FROM job_runs WHERE {runs}");
        var recorded = await Database.ColumnAsync(cs, $"SELECT extract(epoch FROM recorded_at - due_at) * 1000 FROM job_runs WHERE {runs}");
        var durations = await Database.ColumnAsync(cs, "SELECT duration_ms::float8 FROM kpi_alert_runs WHERE kind = 'OCCURRENCE'");
        report.Line($"Occurrence started after its instant (lateness): {Figures.Spread(lateness)}");
        report.Line($"Run recorded after the occurrence: {Figures.Spread(recorded)}");
        report.Line($"Per run (query {ValuesPerOrganization} values, render CSV, mail to the log): {Figures.Spread(durations)}");
        if (recorded.Count > 0)
        {
            var drain = recorded.Max() / 1000.0;
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"Drain: all {recorded.Count} reports {drain:F2} s after {occurrence:HH:mm:ss} UTC = {recorded.Count / drain:F0} reports/s"));
        }
        var total = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM kpi_alert_runs WHERE kind = 'OCCURRENCE'");
        var alerts = await Database.ScalarAsync<long>(cs, "SELECT count(DISTINCT alert_id) FROM kpi_alert_runs WHERE kind = 'OCCURRENCE'");
        var sent = await Database.ScalarAsync<long>(cs,
            $"SELECT count(*) FROM kpi_alert_runs WHERE kind = 'OCCURRENCE' AND status = 'SENT' AND occurrence = '{occurrence:yyyy-MM-dd HH:mm:ss}+00'");
        report.Line($"Exactly once: {total} runs for {alerts} alerts, {sent} SENT for {occurrence:HH:mm} UTC");
        report.Line("The seed's 5-minute sweep: a report waits 2.5 min on average, up to 5 min");
        await database.ReportAsync(report, "report", created);
        report.Print();
        return 0;
    }
}
