using System.Collections.Concurrent;
using System.Diagnostics;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Hotel no-shows against the seed's 2-hour sweep: N reservations in hotels whose cut-off is the same
/// minute, none checked in, so N per-reservation deadlines fall in the same second — the worst case; how
/// late the no-shows start and reach the read model, and that each was marked, charged and released once.
/// </summary>
public static class PmsNoShows
{
    /// <summary>Reservations per hotel (a hotel's arrivals of one day), each hotel with as many rooms.</summary>
    private const int PerHotel = 200;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"PMS no-shows: {args.Count} reservations whose cut-off falls in the same second, {args.Silos} silo(s)");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_pms_{args.Silos}");
        await deployment.StartAsync(args.Silos);
        var api = new HotelApi(deployment.ApiAddress);

        var clock = Stopwatch.StartNew();
        var hotels = new ConcurrentBag<BenchHotel>();
        var count = (args.Count + PerHotel - 1) / PerHotel;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            hotels.Add(await api.CreateHotelAsync($"pms-{i:D3}", PerHotel)));
        var seeded = hotels.OrderBy(h => h.HotelId, StringComparer.Ordinal).ToList();
        report.Line($"Seeded {seeded.Count} hotels with {PerHotel} rooms each in {clock.Elapsed.TotalSeconds:F0} s");

        // The cut-off is a local time to the minute: the next minute boundary far enough ahead to book everything first.
        var earliest = DateTimeOffset.UtcNow.AddSeconds(40 + args.Count / 150.0);
        var dueAt = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, earliest.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        foreach (var hotel in seeded)
        {
            await api.SetCutoffAsync(hotel, dueAt.ToString("HH:mm"));
        }
        var arrival = DateOnly.FromDateTime(dueAt.UtcDateTime);
        if (await SameInstant.CreateAsync(report, args.Count, dueAt, "reservations",
                i => api.BookAsync(seeded[i % seeded.Count], arrival, i)) is not { } booked)
        {
            return 1;
        }
        var database = await SameInstant.DrainAsync(deployment, report, booked, dueAt, "reservation-no-show", "no-shows");

        var cs = deployment.ConnectionString;
        var records = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM hotel_no_shows");
        var distinct = await Database.ScalarAsync<long>(cs, "SELECT count(DISTINCT reservation_id) FROM hotel_no_shows");
        var charged = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM hotel_reservations WHERE status = 'NO_SHOW' AND folio_total = 80");
        var released = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM hotel_reservations WHERE status = 'NO_SHOW' AND NOT nights_held");
        report.Line($"Exactly once: {records} no-show records for {distinct} reservations, {charged} folios charged the first night once, {released} with their night released");
        // Each room type's inventory takes its no-shows' releases one at a time, after the no-shows are saved.
        var night = $"date = '{arrival:yyyy-MM-dd}'";
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        long occupied;
        while ((occupied = await Database.ScalarAsync<long>(cs, $"SELECT coalesce(sum(occupied_rooms), 0) FROM hotel_room_availability WHERE {night}")) > 0
               && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        var onSale = await Database.ScalarAsync<double>(cs,
            $"SELECT extract(epoch FROM max(updated_at)) - {dueAt.ToUnixTimeMilliseconds() / 1000.0} FROM hotel_room_availability WHERE {night}");
        report.Line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Nights back on sale: {(occupied == 0 ? "all" : $"{occupied} still held;")} the last availability row written {onSale:F2} s after the cut-off ({seeded.Count} room types, each its own inventory grain)"));
        report.Line("The seed's sweep every 2 hours, for cut-offs at random instants: waits 60 min on average, up to 120 min (p99 118.8 min)");
        await database.ReportAsync(report, "no-show", booked);
        report.Print();
        return 0;
    }
}
