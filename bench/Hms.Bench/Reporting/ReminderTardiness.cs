using System.Globalization;

namespace Hms.Bench.Reporting;

/// <summary>
/// How late Orleans' reminder service itself fired the ticks of a phase — its own histogram
/// <c>orleans-reminders-tardiness</c> (seconds from a tick's scheduled instant to the moment the local
/// reminder service sends it to the grain), read from each silo's <c>/metrics</c>. Set beside the
/// job runs' lateness (scheduled instant → the grain's handler started) it splits where a deadline's
/// lateness goes: the reminder service's timers and dispatch, or the way to the grain's turn.
/// Orleans records seconds into OpenTelemetry's default buckets (5 s, 10 s, …), too coarse for
/// quantiles here, so the mean (sum / count) is reported.
/// </summary>
public sealed class ReminderTardiness
{
    private const string Metric = "orleans_reminders_tardiness_seconds";
    private readonly IReadOnlyList<Uri> _silos;
    private readonly (double Sum, double Count) _start;

    private ReminderTardiness(IReadOnlyList<Uri> silos, (double Sum, double Count) start)
    {
        _silos = silos;
        _start = start;
    }

    public static async Task<ReminderTardiness> StartAsync(IReadOnlyList<Uri> silos) => new(silos, await SampleAsync(silos));

    public async Task ReportAsync(Report report)
    {
        var (sum, count) = await SampleAsync(_silos);
        var ticks = count - _start.Count;
        report.Line(ticks <= 0
            ? "Reminder service tardiness: no ticks recorded (is Telemetry__Prometheus on?)"
            : string.Create(CultureInfo.InvariantCulture,
                $"Reminder service tardiness (scheduled tick → sent to the grain), {ticks:F0} ticks: mean {(sum - _start.Sum) / ticks * 1000:F1} ms"));
    }

    private static async Task<(double Sum, double Count)> SampleAsync(IReadOnlyList<Uri> silos)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        double sum = 0, count = 0;
        foreach (var silo in silos)
        {
            foreach (var line in (await http.GetStringAsync(new Uri(silo, "/metrics"))).Split('\n'))
            {
                // name{labels} value [timestamp]
                var isSum = line.StartsWith(Metric + "_sum", StringComparison.Ordinal);
                if (isSum || line.StartsWith(Metric + "_count", StringComparison.Ordinal))
                {
                    var value = double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    sum += isSum ? value : 0;
                    count += isSum ? 0 : value;
                }
            }
        }
        return (sum, count);
    }
}
