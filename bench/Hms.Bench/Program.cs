using Hms.Bench;
using Hms.Bench.Workloads;

var parsed = BenchArgs.Parse(args);
if (parsed is null)
{
    Console.Error.WriteLine("usage: bench/run.sh burst|booking|steady|peers|px|kpi|pms|idle|idle-unwindowed [--silos N] [--count N]");
    return 2;
}
return parsed.Workload switch
{
    "burst" => await Burst.RunAsync(parsed),
    "booking" => await Booking.RunAsync(parsed),
    "peers" => await PeerComparison.RunAsync(parsed),
    "steady" => await Steady.RunAsync(parsed),
    "px" => await PxSla.RunAsync(parsed),
    "kpi" => await KpiReports.RunAsync(parsed),
    "pms" => await PmsNoShows.RunAsync(parsed),
    "idle" => await Idle.RunAsync(parsed, unwindowed: false),
    "idle-unwindowed" => await Idle.RunAsync(parsed, unwindowed: true),
    _ => Fail($"Unknown workload {parsed.Workload}"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
