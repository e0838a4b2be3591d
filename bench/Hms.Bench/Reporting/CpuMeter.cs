using System.Globalization;

namespace Hms.Bench.Reporting;

/// <summary>
/// CPU seconds used by each part during a phase (from /proc): the silos, the API, PostgreSQL and
/// this load generator share the machine's cores, so this shows who the bottleneck is. Each silo is also
/// shown on its own ("silo 1", …): how evenly the work spreads, and what one silo costs per deadline.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux
    private readonly Dictionary<string, Func<IEnumerable<int>>> _parts;
    private Dictionary<string, double> _start = [];
    private DateTime _startedAt;

    private CpuMeter(Dictionary<string, Func<IEnumerable<int>>> parts) => _parts = parts;

    public static CpuMeter Start(IEnumerable<int> silos, int? api)
    {
        var siloIds = silos.ToArray();
        var parts = new Dictionary<string, Func<IEnumerable<int>>>
        {
            ["silos"] = () => siloIds.SelectMany(WithChildren),
            ["api"] = () => api is { } id ? WithChildren(id) : [],
            ["postgres"] = () => ProcessesNamed("postgres"),
            ["load generator"] = () => [Environment.ProcessId],
        };
        for (var i = 0; i < siloIds.Length && siloIds.Length > 1; i++)
        {
            var silo = siloIds[i];
            parts[$"silo {i + 1}"] = () => WithChildren(silo);
        }
        var meter = new CpuMeter(parts);
        meter._start = meter.Sample();
        meter._startedAt = DateTime.UtcNow;
        return meter;
    }

    /// <summary>One named process (a peer) instead of silos and API, beside PostgreSQL and the load generator.</summary>
    public static CpuMeter Start(string name, int pid)
    {
        var meter = new CpuMeter(new()
        {
            [name] = () => WithChildren(pid),
            ["postgres"] = () => ProcessesNamed("postgres"),
            ["load generator"] = () => [Environment.ProcessId],
        });
        meter._start = meter.Sample();
        meter._startedAt = DateTime.UtcNow;
        return meter;
    }

    /// <param name="report">Where the figures go.</param>
    /// <param name="items">With a count (deadlines handled in the phase), also CPU milliseconds per item of each part.</param>
    /// <param name="item">What an item is, for the line ("deadline").</param>
    public void Report(Report report, int? items = null, string item = "item")
    {
        var seconds = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var end = Sample();
        var used = end.Select(p => $"{p.Key} {(p.Value - _start.GetValueOrDefault(p.Key)) / seconds:F2}");
        report.Line(string.Create(CultureInfo.InvariantCulture, $"CPU cores busy over {seconds:F0} s: {string.Join(", ", used)} (machine has {Environment.ProcessorCount})"));
        if (items is > 0 and var count)
        {
            var per = end.Select(p => $"{p.Key} {(p.Value - _start.GetValueOrDefault(p.Key)) * 1000 / count:F2}");
            report.Line(string.Create(CultureInfo.InvariantCulture, $"CPU ms per {item}: {string.Join(", ", per)}"));
        }
    }

    private Dictionary<string, double> Sample() => _parts.ToDictionary(p => p.Key, p => p.Value().Distinct().Sum(CpuSeconds));

    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // utime + stime, plus cutime + cstime: the time of children already reaped (PostgreSQL's
            // backends that exit are counted in the postmaster's), so the sum never goes backwards.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The process and its children (the silo runs under a small shell wrapper).</summary>
    private static IEnumerable<int> WithChildren(int pid)
    {
        yield return pid;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var child) && ParentOf(child) == pid)
            {
                yield return child;
            }
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static IEnumerable<int> ProcessesNamed(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadComm(pid) == name)
            {
                yield return pid;
            }
        }
    }

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
