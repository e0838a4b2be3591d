using System.Globalization;

namespace Hms.Bench.Reporting;

/// <summary>
/// Messages the silos sent during a phase, from Orleans' own meters on each silo's <c>/metrics</c>
/// (<c>Telemetry__Prometheus=true</c>, src/Hms.Silo/Hosting/Telemetry.cs): <c>orleans-messaging-sent-messages-size</c>
/// counts each message sent over a connection (to another silo, or to a client through a gateway) and
/// <c>orleans-messaging-sent-local</c> each one delivered inside its silo. Per deadline, the remote count is the
/// cross-silo traffic a NO_SHOW costs: what grows with silos on separate hosts.
/// </summary>
public sealed class SiloMessages
{
    private readonly IReadOnlyList<Uri> _silos;
    private readonly List<(double Remote, double Local)> _start;

    private SiloMessages(IReadOnlyList<Uri> silos, List<(double Remote, double Local)> start)
    {
        _silos = silos;
        _start = start;
    }

    public static async Task<SiloMessages> StartAsync(IReadOnlyList<Uri> silos) => new(silos, await SampleAsync(silos));

    public async Task ReportAsync(Report report, int deadlines)
    {
        var end = await SampleAsync(_silos);
        var remote = end.Select((e, i) => e.Remote - _start[i].Remote).ToList();
        var local = end.Select((e, i) => e.Local - _start[i].Local).ToList();
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Orleans messages sent per silo, remote / local: {string.Join(", ", remote.Select((r, i) => $"silo {i + 1} {r:F0} / {local[i]:F0}"))}"));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Messages per deadline: {remote.Sum() / deadlines:F2} cross-silo, {local.Sum() / deadlines:F2} local (membership pings included: a few a second)"));
    }

    private static async Task<List<(double Remote, double Local)>> SampleAsync(IReadOnlyList<Uri> silos) =>
        [.. (await SiloMetrics.ScrapeAsync(silos)).Select(text => (
            SiloMetrics.Sum(text, (n, _) => n.StartsWith("orleans_messaging_sent_messages_size", StringComparison.Ordinal) && n.EndsWith("_count", StringComparison.Ordinal)),
            SiloMetrics.Sum(text, (n, _) => n.StartsWith("orleans_messaging_sent_local", StringComparison.Ordinal))))];
}
