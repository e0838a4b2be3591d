using System.Globalization;

namespace Hms.Bench;

/// <summary>The command line: a workload, the bench PostgreSQL server (from bench/run.sh) and sizes.</summary>
public sealed record BenchArgs(string Workload, string Server, int Silos, int Count, int? Pool = null)
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
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--pg": server = args[i + 1]; break;
                case "--silos": silos = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--pool": pool = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: return null;
            }
        }
        return server is null ? null : new BenchArgs(args[0], server, silos, count, pool);
    }
}
