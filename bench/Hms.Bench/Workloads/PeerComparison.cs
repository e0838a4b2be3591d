using Hms.Bench.Peers;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Peers: the same burst — N deadlines due in the same second, each handled with a database
/// write — through HMS Orleans, Hangfire and Quartz.NET (defaults, then tuned) and the replaced system's
/// 5-minute sweep, one after another on the same PostgreSQL server in one run.
/// </summary>
public static class PeerComparison
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var report = new Report($"Peers: {args.Count} deadlines due in the same second, same PostgreSQL");
        var ours = await Burst.MeasureAsync(args with { Silos = 1 }, report);
        if (ours is null)
        {
            report.Print();
            return 1;
        }
        var runs = new (string Name, Func<Task<PeerFigures>> Run)[]
        {
            ("Hangfire defaults", () => HangfirePeer.RunAsync(args.Server, args.Count, tuned: false)),
            ("Hangfire tuned", () => HangfirePeer.RunAsync(args.Server, args.Count, tuned: true)),
            ("Quartz.NET defaults", () => QuartzPeer.RunAsync(args.Server, args.Count, tuned: false)),
            ("Quartz.NET tuned", () => QuartzPeer.RunAsync(args.Server, args.Count, tuned: true)),
            ("Sweep", () => SweepPeer.RunAsync(args.Server, args.Count, report)),
        };
        report.Line(ours.Line());
        foreach (var (name, run) in runs.Where(r => args.Only is not { Length: > 0 } only || only.Any(o => r.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))))
        {
            try
            {
                report.Line((await run()).Line(ours.P99, ours.PerSecond));
            }
            catch (Exception ex)
            {
                report.Line($"{name}: did not complete: {ex.GetType().Name}: {ex.Message}");
            }
        }
        report.Print();
        return 0;
    }
}
