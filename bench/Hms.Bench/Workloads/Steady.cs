using System.Globalization;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Steady: a hospital group's normal load — <c>--count</c> (100,000) pending NO_SHOW deadlines
/// spread over the next 30 days — plus 10,000 deadlines falling due over 10 minutes (1,000 doctors'
/// one-minute slots). Reports lateness of the 10,000, silo memory, and what the database reads per
/// minute once the cluster is idle again.
/// </summary>
public static class Steady
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"Steady: {args.Count} pending deadlines over 30 days + 10,000 due over 10 minutes, {args.Silos} silo(s)");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_steady_{args.Silos}");
        // Orleans' meters on /metrics: the reminder service's own tardiness (Reporting/ReminderTardiness.cs).
        await deployment.StartAsync(args.Silos, new Dictionary<string, string> { ["Telemetry__Prometheus"] = "true" });
        var api = new HospitalApi(deployment.ApiAddress);

        // The month ahead: 80 doctors with 15-minute slots 08:00–20:00, filled slot by slot from tomorrow.
        var month = await Seeding.HospitalGroupAsync(api, "steady", hospitals: 10, doctorsEach: 8, slotDuration: 15);
        // Consecutive bookings rotate over doctors, then over the 29 days ahead, then over the slots of
        // a day (00:00–23:30: the 23:45 slot would end after the working day's 23:59).
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        var plan = Enumerable.Range(0, args.Count).Select(i =>
        {
            var round = i / month.Count;
            return (month[i % month.Count], tomorrow.AddDays(round % 29), new TimeOnly(0, 0).AddMinutes(round / 29 % 95 * 15));
        }).ToList();
        var pending = await Load.BookAsync(api, plan, parallelism: 32);
        report.Line($"Pending deadlines booked over the next 29 days: {pending.Summary}");
        report.Line($"Silo RSS with {pending.Created} pending: {Rss(deployment)}");

        // Ten minutes of deadlines: 1,000 doctors, each booked in ten consecutive one-minute slots.
        var soon = await Seeding.HospitalGroupAsync(api, "today", hospitals: 5, doctorsEach: 200, slotDuration: 1);
        var (date, first, firstDue) = MinuteSlot.Next(TimeSpan.FromSeconds(90));
        if (first > new TimeOnly(23, 48))
        {
            report.Line("The ten minutes would cross midnight; run again after 00:00 UTC.");
            report.Print();
            return 1;
        }
        var today = Enumerable.Range(0, 10).SelectMany(m => soon.Select(who => (who, date, first.AddMinutes(m)))).ToList();
        var due = await Load.BookAsync(api, today, parallelism: 32);
        report.Line($"Deadlines due from {firstDue:HH:mm} to {firstDue.AddMinutes(9):HH:mm} UTC booked: {due.Summary}");

        var cpu = deployment.MeasureCpu();
        var tardiness = await ReminderTardiness.StartAsync(deployment.SiloAddresses);
        await Drain.UntilHandledAsync(deployment, due.Created, firstDue.AddMinutes(9), TimeSpan.FromMinutes(10));
        cpu.Report(report);
        await tardiness.ReportAsync(report);
        await Drain.ReportAsync(deployment, report, burstDue: null, "HMS Orleans steady", due.Created);
        report.Line($"Silo RSS after the ten minutes: {Rss(deployment)}");

        // Idle: nothing due for hours; what does the cluster still read?
        await Task.Delay(TimeSpan.FromSeconds(30));
        var idle = await DatabaseStats.StartAsync(deployment.ConnectionString);
        var window = TimeSpan.FromMinutes(args.Count >= 50_000 ? 6 : 2);
        await Task.Delay(window);
        var (commits, rows) = await idle.DeltaAsync();
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Idle over {window.TotalMinutes:F0} min with {pending.Created} pending: {rows / window.TotalMinutes:F0} rows read and {commits / window.TotalMinutes:F0} commits per minute"));
        await idle.ReportAsync(report, "idle minute", (int)window.TotalMinutes);
        report.Print();
        return 0;
    }

    private static string Rss(Deployment deployment) => string.Join(", ", deployment.SiloRssMiB().Select(m => $"{m:F0} MiB"));
}
