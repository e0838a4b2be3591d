using System.Globalization;

namespace Hms.Bench;

/// <summary>
/// The command line: a workload, the bench PostgreSQL server (from bench/run.sh) and sizes; for
/// <c>peers</c>, <c>Only</c> names the peers to run (names starting with these words, e.g. "sweep"), all when empty.
/// </summary>
public sealed record BenchArgs(string Workload, string Server, int Silos, int Count, int? Pool = null, string[]? Only = null)
{
    public static BenchArgs? Parse(string[] args)
    {
        if (args.Length == 0)
        {
            return null;
        }
        string? server = null;
        int silos = 1, count = 10_000;
        int? pool = null;
        string[]? only = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--pg": server = args[i + 1]; break;
                case "--silos": silos = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--pool": pool = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--only": only = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: return null;
            }
        }
        return server is null ? null : new BenchArgs(args[0], server, silos, count, pool, only);
    }
}
