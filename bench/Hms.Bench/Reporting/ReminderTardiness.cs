using System.Globalization;

namespace Hms.Bench.Reporting;

/// <summary>
/// How late Orleans' reminder service itself fired the ticks of a phase — its own histogram
/// <c>orleans-reminders-tardiness</c> (seconds from a tick's scheduled instant to the moment the local
/// reminder service sends it to the grain), read from each silo's <c>/metrics</c>. Set beside the
/// job runs' lateness (tick sent → the grain's handler started) it splits where a deadline's
/// lateness goes: the reminder service's timers and dispatch, or the grains' turns.
/// </summary>
public sealed class ReminderTardiness
{
    private const string Metric = "orleans_reminders_tardiness_seconds";
    private readonly IReadOnlyList<Uri> _silos;
    private readonly SortedDictionary<double, double> _start;
    private readonly (double Sum, double Count) _startTotals;

    private ReminderTardiness(IReadOnlyList<Uri> silos, (SortedDictionary<double, double> Buckets, double Sum, double Count) start)
    {
        _silos = silos;
        _start = start.Buckets;
        _startTotals = (start.Sum, start.Count);
    }

    public static async Task<ReminderTardiness> StartAsync(IReadOnlyList<Uri> silos) => new(silos, await SampleAsync(silos));

    public async Task ReportAsync(Report report)
    {
        var (buckets, sum, count) = await SampleAsync(_silos);
        var ticks = count - _startTotals.Count;
        if (ticks <= 0)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var names = (await http.GetStringAsync(new Uri(_silos[0], "/metrics"))).Split('\n')
                .Where(l => l.StartsWith("orleans_reminders", StringComparison.Ordinal)).Select(l => l[..l.IndexOfAny(['{', ' '])]).Distinct();
            report.Line($"Reminder service tardiness: no ticks recorded; the silo's reminder metrics: {string.Join(", ", names)}");
            return;
        }
        var cumulative = buckets.Select(b => (Le: b.Key, Count: b.Value - _start.GetValueOrDefault(b.Key))).ToList();
        string Quantile(double q)
        {
            var wanted = q * ticks;
            var bound = cumulative.Where(b => b.Count >= wanted).Select(b => b.Le).DefaultIfEmpty(double.PositiveInfinity).First();
            return double.IsPositiveInfinity(bound)
                ? "> largest bucket"
                : string.Create(CultureInfo.InvariantCulture, $"≤ {bound * 1000:F0} ms");
        }
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Reminder service tardiness (scheduled tick → sent to the grain), {ticks:F0} ticks: mean {(sum - _startTotals.Sum) / ticks * 1000:F1} ms, p50 {Quantile(0.5)}, p99 {Quantile(0.99)} (histogram buckets)"));
    }

    private static async Task<(SortedDictionary<double, double> Buckets, double Sum, double Count)> SampleAsync(IReadOnlyList<Uri> silos)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var buckets = new SortedDictionary<double, double>();
        double sum = 0, count = 0;
        foreach (var silo in silos)
        {
            foreach (var line in (await http.GetStringAsync(new Uri(silo, "/metrics"))).Split('\n'))
            {
                if (!line.StartsWith(Metric, StringComparison.Ordinal))
                {
                    continue;
                }
                // name{labels} value [timestamp]
                var value = double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                if (line.StartsWith(Metric + "_bucket", StringComparison.Ordinal))
                {
                    var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
                    le = le[..le.IndexOf('"')];
                    var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                    buckets[bound] = buckets.GetValueOrDefault(bound) + value;
                }
                else if (line.StartsWith(Metric + "_sum", StringComparison.Ordinal))
                {
                    sum += value;
                }
                else if (line.StartsWith(Metric + "_count", StringComparison.Ordinal))
                {
                    count += value;
                }
            }
        }
        return (buckets, sum, count);
    }
}
