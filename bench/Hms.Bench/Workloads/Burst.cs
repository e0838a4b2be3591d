using System.Diagnostics;
using System.Globalization;
using Hms.Bench.Cluster;
using Hms.Bench.Peers;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Burst: N NO_SHOW deadlines due in the same second — a hospital group's doctors all booked
/// at the same one-minute slot — then how long the silos take to handle them all, and how late; with several
/// silos, each one's CPU per deadline and the Orleans messages a deadline costs between silos.
/// </summary>
public static class Burst
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"Burst: {args.Count} deadlines due in the same second, {args.Silos} silo(s)");
        var ours = await MeasureAsync(args, report);
        report.Print();
        return ours is null ? 1 : 0;
    }

    /// <summary>Runs the burst on a fresh deployment; the figures, or null when the run was not valid.</summary>
    public static async Task<PeerFigures?> MeasureAsync(BenchArgs args, Report report)
    {
        await using var deployment = await Deployment.CreateAsync(args, $"bench_burst_{args.Silos}");
        // Orleans' meters on /metrics: the messages silos send one another (Reporting/SiloMessages.cs).
        await deployment.StartAsync(args.Silos, new Dictionary<string, string> { ["Telemetry__Prometheus"] = "true" });
        var api = new HospitalApi(deployment.ApiAddress);

        var hospitals = Math.Max(1, args.Count / 200);
        var clock = Stopwatch.StartNew();
        var group = await Seeding.HospitalGroupAsync(api, "burst", hospitals, args.Count / hospitals, slotDuration: 1);
        report.Line($"Seeded {hospitals} hospitals, {group.Count} doctors and patients in {clock.Elapsed.TotalSeconds:F0} s");

        // All booked at one slot that starts far enough ahead for the bookings to finish first.
        var (date, start, dueAt) = MinuteSlot.Next(TimeSpan.FromSeconds(30 + group.Count / 100.0));
        var bookings = await Load.BookAsync(api, group.Select(s => (s, date, start)).ToList(), parallelism: 32);
        report.Line($"Booked {bookings.Created} at {date:yyyy-MM-dd} {start:HH:mm} UTC: {bookings.Summary}");
        if (DateTimeOffset.UtcNow >= dueAt.AddMinutes(-1))
        {
            report.Line("Bookings did not finish before the slot started; the burst is not valid.");
            return null;
        }

        const string Reminders = "SELECT count(*) FROM orleansremindersv2table";
        var remindersBefore = await Database.ScalarAsync<long>(deployment.ConnectionString, Reminders);
        var database = await DatabaseStats.StartAsync(deployment.ConnectionString);
        var tardiness = await ReminderTardiness.StartAsync(deployment.SiloAddresses);
        await Drain.UntilAsync(dueAt);
        var cpu = deployment.MeasureCpu();
        var messages = await SiloMessages.StartAsync(deployment.SiloAddresses);
        var waits = new WaitSampler(deployment.ConnectionString);
        await Drain.UntilHandledAsync(deployment, bookings.Created, dueAt, TimeSpan.FromMinutes(15));
        // A NO_SHOW's last write is its deadline reminder's removal: wait for those, then for quiet.
        while (await Database.ScalarAsync<long>(deployment.ConnectionString, Reminders) > remindersBefore - bookings.Created &&
            DateTimeOffset.UtcNow < dueAt.AddMinutes(10))
        {
            await Task.Delay(200);
        }
        var quiet = await database.UntilQuietAsync(TimeSpan.FromMinutes(5));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Every write of the burst (patients' counts and notifications too) done {(quiet - dueAt).TotalSeconds:F2} s after {dueAt:HH:mm:ss} UTC = {bookings.Created / (quiet - dueAt).TotalSeconds:F0} deadlines/s"));
        cpu.Report(report, bookings.Created, "deadline");
        await messages.ReportAsync(report, bookings.Created);
        await tardiness.ReportAsync(report);
        await waits.ReportAsync(report);
        var figures = await Drain.ReportAsync(deployment, report, dueAt, $"HMS Orleans, {args.Silos} silo(s)", bookings.Created);
        await database.ReportAsync(report, "deadline", bookings.Created, top: 12);
        report.Line($"Silo RSS after the burst: {string.Join(", ", deployment.SiloRssMiB().Select(m => $"{m:F0} MiB"))}");
        return figures;
    }
}

/// <summary>The next whole-minute slot (UTC) at least <c>lead</c> ahead, and its one-minute deadline.</summary>
public static class MinuteSlot
{
    public static (DateOnly Date, TimeOnly Start, DateTimeOffset DueAt) Next(TimeSpan lead)
    {
        var earliest = DateTimeOffset.UtcNow + lead;
        var start = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, earliest.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        if (start is { Hour: 23, Minute: 59 })
        {
            start = start.AddMinutes(1); // the 00:00–23:59 working day has no 23:59 slot
        }
        return (DateOnly.FromDateTime(start.UtcDateTime), TimeOnly.FromDateTime(start.UtcDateTime), start.AddMinutes(1));
    }
}
