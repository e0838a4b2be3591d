using System.Globalization;

namespace Hms.Bench.Reporting;

/// <summary>Reads silos' Prometheus scrapes (<c>/metrics</c>, on with <c>Telemetry__Prometheus=true</c>).</summary>
public static class SiloMetrics
{
    /// <summary>Each silo's exposition text, in the order given.</summary>
    public static async Task<List<string>> ScrapeAsync(IReadOnlyList<Uri> silos)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var texts = new List<string>();
        foreach (var silo in silos)
        {
            texts.Add(await http.GetStringAsync(new Uri(silo, "/metrics")));
        }
        return texts;
    }

    /// <summary>
    /// The sum of every sample whose metric name <paramref name="wanted"/> accepts, with its labels
    /// (<c>{a="b",…}</c>, empty when none): lines are <c>name{labels} value [timestamp]</c>.
    /// </summary>
    public static double Sum(string exposition, Func<string, string, bool> wanted) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(Sample)
            .Where(s => wanted(s.Name, s.Labels))
            .Sum(s => s.Value);

    private static (string Name, string Labels, double Value) Sample(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var labelsEnd = line[nameEnd] == '{' ? line.LastIndexOf('}') + 1 : nameEnd;
        var value = line[labelsEnd..].Trim().Split(' ')[0];
        return (line[..nameEnd], line[nameEnd..labelsEnd], double.Parse(value, CultureInfo.InvariantCulture));
    }
}
