using System.Globalization;
using System.Net;
using Hms.Bench.Cluster;
using Hms.Bench.Peers;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Booking: HTTP bookings by 32 concurrent clients on distinct slots, then a conflict storm —
/// every patient of a hospital at once on the same slot — where each slot must have one winner.
/// Then the same plan and the same storm against the seeds' design (bench/Hms.BookingPeer), alone on
/// the box once our silos and API are stopped, and both side by side.
/// </summary>
public static class Booking
{
    private const int Clients = 32;

    private sealed record Side(string Name, Load.Outcome Measured, bool OneWinnerEach);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"Booking: {args.Count} HTTP bookings by {Clients} clients, {args.Silos} silo(s), and the seeds' design");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_booking_{args.Silos}");
        await deployment.StartAsync(args.Silos);
        var api = new HospitalApi(deployment.ApiAddress);
        var group = await Seeding.HospitalGroupAsync(api, "booking", hospitals: 10, doctorsEach: 20, slotDuration: 15);

        // Slot-major order: consecutive bookings go to different doctors, as a busy front desk's would.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        // 95 slots a day: the 23:45 slot would end after the working day's 23:59.
        var slots = Enumerable.Range(0, 1_000_000).Select(i => (Date: tomorrow.AddDays(i / 95), Start: new TimeOnly(0, 0).AddMinutes(i % 95 * 15)));
        var plan = slots.SelectMany(s => group.Select(who => (who, s.Date, s.Start))).Take(args.Count + 1000).ToList();
        var stormDay = tomorrow.AddDays(20);

        report.Line("**HMS Orleans** (API → grains → PostgreSQL)");
        var ours = await MeasureAsync(report, "HMS Orleans", api, plan, group, stormDay, deployment.ConnectionString, "appointments",
            deployment.MeasureCpu);
        report.Line($"Silo RSS: {string.Join(", ", deployment.SiloRssMiB().Select(m => $"{m:F0} MiB"))}");
        await deployment.DisposeAsync();

        report.Line("**Seeds' design** (bench/Hms.BookingPeer: one Serializable transaction per booking, schema peer)");
        await using var peer = await BookingPeerProcess.StartAsync(deployment.ConnectionString, group, $"{deployment.Database}-peer.log");
        var theirs = await MeasureAsync(report, "peer", new HospitalApi(peer.Address), plan, group, stormDay, deployment.ConnectionString,
            "peer.appointments", () => CpuMeter.Start("peer", peer.ProcessId));
        var (serialization, unique, givenUp) = await peer.RetriesAsync();
        report.Line($"Peer's transactions run again (since it started: warm-up, measured and storm): {serialization} after a serialization failure (40001), {unique} after a unique violation (23505); {givenUp} bookings given up (503) after 20 attempts");

        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Side by side: ours {Rate(ours):F0} /s, peer {Rate(theirs):F0} /s (ours/peer {Rate(ours) / Rate(theirs):F2}); " +
            $"p99 ours {P(ours, 99):F1} ms, peer {P(theirs, 99):F1} ms (ours/peer {P(ours, 99) / P(theirs, 99):F2})"));
        report.Print();
        return new[] { ours, theirs }.All(s => s.OneWinnerEach && s.Measured.Statuses.Keys.All(k => k == HttpStatusCode.Created)) ? 0 : 1;
    }

    /// <summary>Warm-up, the measured bookings, then the storm, and each storm slot's appointments counted in the database.</summary>
    private static async Task<Side> MeasureAsync(Report report, string name, HospitalApi api,
        List<(Staffed Who, DateOnly Date, TimeOnly Start)> plan, List<Staffed> group, DateOnly stormDay,
        string connectionString, string appointments, Func<CpuMeter> measureCpu)
    {
        var warmUp = await Load.BookAsync(api, plan[..1000], Clients);
        report.Line($"Warm-up: {warmUp.Summary}");
        var database = await DatabaseStats.StartAsync(connectionString);
        var cpu = measureCpu();
        var measured = await Load.BookAsync(api, plan[1000..], Clients);
        report.Line($"Distinct slots: {measured.Summary}");
        cpu.Report(report);
        await database.ReportAsync(report, "booking", measured.Created);

        // The storm: each hospital's first doctor, one slot, every patient of that hospital at the same moment.
        var contenders = group.GroupBy(g => g.Hospital.TenantId).ToList();
        var storms = await Task.WhenAll(contenders.Select(async hospital =>
        {
            var doctor = hospital.First().DoctorId;
            var results = await Task.WhenAll(hospital.Select(p => api.BookAsync(p.Hospital, p.PatientId, doctor, stormDay, new TimeOnly(10, 0))));
            return results.Select(r => r.Status).ToList();
        }));
        var oneWinnerEach = storms.All(s => s.Count(x => x == HttpStatusCode.Created) == 1);
        var losers = storms.SelectMany(s => s).Where(x => x != HttpStatusCode.Created).GroupBy(x => x)
            .Select(g => $"{(int)g.Key}×{g.Count()}");
        report.Line($"Conflict storm ({name}): {storms.Length} slots × {contenders[0].Count()} simultaneous clients: " +
            $"{(oneWinnerEach ? "exactly one winner per slot" : "WRONG: " + string.Join(" | ", storms.Select(s => s.Count(x => x == HttpStatusCode.Created))))}; others {string.Join(", ", losers)}");
        // In the database: one live appointment at each contested slot, and none anywhere else that day.
        var perSlot = await Database.ColumnAsync(connectionString,
            $"SELECT count(*) FROM {appointments} WHERE appointment_date = '{stormDay:yyyy-MM-dd}' GROUP BY doctor_id, start_time");
        var stored = perSlot.Count == storms.Length && perSlot.All(n => n == 1);
        report.Line($"Stored for the storm day ({appointments}): {perSlot.Sum()} appointments on {perSlot.Count} slots — " +
            (stored ? "one per contested slot" : "WRONG"));
        return new Side(name, measured, oneWinnerEach && stored);
    }

    private static double Rate(Side side) => side.Measured.Created / side.Measured.Seconds;

    private static double P(Side side, double p) => Figures.Percentile(side.Measured.LatencyMs, p);
}
