using System.Globalization;

namespace Hms.Bench.Reporting;

/// <summary>
/// How a phase's deadlines were woken, from each silo's <c>/metrics</c>. Orleans' own histogram
/// <c>orleans-reminders-tardiness</c> (seconds from a tick's scheduled instant to the moment the local
/// reminder service sends it to the grain): set beside the job runs' lateness (scheduled instant → the
/// grain's handler started) it splits where a deadline's lateness goes. Orleans records seconds into
/// OpenTelemetry's default buckets (5 s, 10 s, …), too coarse for quantiles here, so the mean (sum /
/// count) is reported. And our <c>hms.deadlines.woken</c> counter: how many deadlines the grain's own
/// wake-up timer handled and how many the reminder tick (src/Hms.Grains/Deadlines/DeadlineGrain.cs).
/// </summary>
public sealed class ReminderTardiness
{
    private const string Tardiness = "orleans_reminders_tardiness_seconds";
    private const string Woken = "hms_deadlines_woken_total";
    private readonly IReadOnlyList<Uri> _silos;
    private readonly Sample _start;

    private ReminderTardiness(IReadOnlyList<Uri> silos, Sample start)
    {
        _silos = silos;
        _start = start;
    }

    public static async Task<ReminderTardiness> StartAsync(IReadOnlyList<Uri> silos) => new(silos, await SampleAsync(silos));

    public async Task ReportAsync(Report report)
    {
        var end = await SampleAsync(_silos);
        var ticks = end.Ticks - _start.Ticks;
        report.Line(ticks <= 0
            ? "Reminder service tardiness: no ticks recorded (is Telemetry__Prometheus on?)"
            : string.Create(CultureInfo.InvariantCulture,
                $"Reminder service tardiness (scheduled tick → sent to the grain), {ticks:F0} ticks: mean {(end.TardinessSum - _start.TardinessSum) / ticks * 1000:F1} ms"));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Deadlines handled when woken by the grain's own timer: {end.ByTimer - _start.ByTimer:F0}; by the reminder tick: {end.ByReminder - _start.ByReminder:F0}"));
    }

    private static async Task<Sample> SampleAsync(IReadOnlyList<Uri> silos)
    {
        var texts = await SiloMetrics.ScrapeAsync(silos);
        double Sum(Func<string, string, bool> wanted) => texts.Sum(text => SiloMetrics.Sum(text, wanted));
        return new Sample(
            Sum((n, _) => n == Tardiness + "_sum"),
            Sum((n, _) => n == Tardiness + "_count"),
            Sum((n, labels) => n == Woken && labels.Contains("by=\"grain_timer\"", StringComparison.Ordinal)),
            Sum((n, labels) => n == Woken && labels.Contains("by=\"reminder\"", StringComparison.Ordinal)));
    }

    private sealed record Sample(double TardinessSum, double Ticks, double ByTimer, double ByReminder);
}
