using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>Concurrent HTTP bookings with their latencies and outcomes.</summary>
public static class Load
{
    public sealed record Outcome(int Created, double Seconds, IReadOnlyList<double> LatencyMs, IReadOnlyDictionary<HttpStatusCode, int> Statuses)
    {
        public string Summary => string.Create(CultureInfo.InvariantCulture,
            $"{Created} created in {Seconds:F1} s = {Created / Seconds:F0} bookings/s; latency {Figures.Spread(LatencyMs)}; statuses {string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}"))}");
    }

    public static async Task<Outcome> BookAsync(HospitalApi api, IReadOnlyList<(Staffed Who, DateOnly Date, TimeOnly Start)> bookings, int parallelism)
    {
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bookings, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (b, _) =>
        {
            var (status, ms) = await api.BookAsync(b.Who.Hospital, b.Who.PatientId, b.Who.DoctorId, b.Date, b.Start);
            latencies.Add(ms);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        return new Outcome(statuses.GetValueOrDefault(HttpStatusCode.Created), seconds, [.. latencies], statuses);
    }
}
