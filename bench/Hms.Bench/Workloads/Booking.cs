using System.Net;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Booking: HTTP bookings by 32 concurrent clients on distinct slots, then a conflict storm —
/// every patient of a hospital at once on the same slot — where each slot must have one winner.
/// </summary>
public static class Booking
{
    private const int Clients = 32;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"Booking: {args.Count} HTTP bookings by {Clients} clients, {args.Silos} silo(s)");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_booking_{args.Silos}");
        await deployment.StartAsync(args.Silos);
        var api = new HospitalApi(deployment.ApiAddress);
        var group = await Seeding.HospitalGroupAsync(api, "booking", hospitals: 10, doctorsEach: 20, slotDuration: 15);

        // Slot-major order: consecutive bookings go to different doctors, as a busy front desk's would.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        // 95 slots a day: the 23:45 slot would end after the working day's 23:59.
        var slots = Enumerable.Range(0, 1_000_000).Select(i => (Date: tomorrow.AddDays(i / 95), Start: new TimeOnly(0, 0).AddMinutes(i % 95 * 15)));
        var plan = slots.SelectMany(s => group.Select(who => (who, s.Date, s.Start))).Take(args.Count + 1000).ToList();

        var warmUp = await Load.BookAsync(api, plan[..1000], Clients);
        report.Line($"Warm-up: {warmUp.Summary}");
        var database = await DatabaseStats.StartAsync(deployment.ConnectionString);
        var cpu = deployment.MeasureCpu();
        var measured = await Load.BookAsync(api, plan[1000..], Clients);
        report.Line($"Distinct slots: {measured.Summary}");
        cpu.Report(report);
        await database.ReportAsync(report, "booking", measured.Created);

        // The storm: each hospital's first doctor, one slot, every patient of that hospital at the same moment.
        var stormDay = tomorrow.AddDays(20);
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
        report.Line($"Conflict storm: {storms.Length} slots × {contenders[0].Count()} simultaneous clients: " +
            $"{(oneWinnerEach ? "exactly one winner per slot" : "WRONG: " + string.Join(" | ", storms.Select(s => s.Count(x => x == HttpStatusCode.Created))))}; others {string.Join(", ", losers)}");
        var stored = await Database.ScalarAsync<long>(deployment.ConnectionString,
            $"SELECT count(*) FROM appointments WHERE appointment_date = '{stormDay:yyyy-MM-dd}'");
        report.Line($"Appointments stored for the storm day: {stored}");
        report.Line($"Silo RSS: {string.Join(", ", deployment.SiloRssMiB().Select(m => $"{m:F0} MiB"))}");
        report.Print();
        return oneWinnerEach && measured.Statuses.Keys.All(s => s == HttpStatusCode.Created) ? 0 : 1;
    }
}
