using System.Globalization;
using System.Text;

namespace Hms.Bench.Reporting;

/// <summary>Percentiles (nearest rank) and a markdown report printed at the end of a run.</summary>
public static class Figures
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Spread(IReadOnlyList<double> values, string unit = "ms") => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(values, 50):F1} {unit}, p95 {Percentile(values, 95):F1} {unit}, p99 {Percentile(values, 99):F1} {unit}, max {(values.Count == 0 ? double.NaN : values.Max()):F1} {unit} (n = {values.Count})");
}

public sealed class Report(string title)
{
    private readonly StringBuilder _text = new();

    public void Line(string line)
    {
        _text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        Console.WriteLine(line);
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"### {title} — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"Command: bench/run.sh {string.Join(' ', Environment.GetCommandLineArgs().Skip(1).TakeWhile(a => a != "--pg"))}");
        Console.Write(_text.ToString());
    }
}
