using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// The shape of the "N deadlines due at one instant" workloads (PX, KPI): create the N records over
/// HTTP with 32 clients, then wait for the instant and measure how their deadline runs drain.
/// </summary>
public static class SameInstant
{
    /// <summary>Creates <paramref name="count"/> records; null (the run is not valid) when creating reached the instant.</summary>
    public static async Task<int?> CreateAsync(Report report, int count, DateTimeOffset dueAt, string things,
        Func<int, Task<(HttpStatusCode Status, double Ms)>> create)
    {
        var results = new ConcurrentBag<(HttpStatusCode Status, double Ms)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            results.Add(await create(i)));
        var created = results.Count(o => o.Status == HttpStatusCode.Created);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Created {created} of {count} {things} due {dueAt:HH:mm:ss} UTC in {clock.Elapsed.TotalSeconds:F1} s ({created / clock.Elapsed.TotalSeconds:F0}/s), latency {Figures.Spread([.. results.Select(o => o.Ms)])}"));
        if (DateTimeOffset.UtcNow < dueAt.AddSeconds(-5))
        {
            return created;
        }
        report.Line($"The {things} were still being created at their instant; the run is not valid.");
        report.Print();
        return null;
    }

    /// <summary>
    /// Waits for <paramref name="dueAt"/>, then for <paramref name="expected"/> completed runs of
    /// <paramref name="job"/>; reports CPU, lateness (started), recorded-after and the drain rate.
    /// The database counters run from before the instant; the caller reports them.
    /// </summary>
    public static async Task<DatabaseStats> DrainAsync(Deployment deployment, Report report, int expected, DateTimeOffset dueAt, string job,
        string unit)
    {
        var database = await DatabaseStats.StartAsync(deployment.ConnectionString, settle: false);
        await Drain.UntilAsync(dueAt);
        var cpu = deployment.MeasureCpu();
        var runs = Drain.CompletedRunsOf(job);
        await Drain.UntilHandledAsync(deployment, expected, dueAt, TimeSpan.FromMinutes(15), runs);
        cpu.Report(report);

        var cs = deployment.ConnectionString;
        var lateness = await Database.ColumnAsync(cs, $"SELECT lateness_ms FROM job_runs WHERE {runs}");
        var recorded = await Database.ColumnAsync(cs, $"SELECT extract(epoch FROM recorded_at - due_at) * 1000 FROM job_runs WHERE {runs}");
        report.Line($"{job} started after its instant (lateness): {Figures.Spread(lateness)}");
        report.Line($"{job} recorded in the read model after its instant: {Figures.Spread(recorded)}");
        if (recorded.Count > 0)
        {
            var drain = recorded.Max() / 1000.0;
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"Drain: all {recorded.Count} {unit} {drain:F2} s after {dueAt:HH:mm:ss} UTC = {recorded.Count / drain:F0} {unit}/s"));
        }
        return database;
    }
}
