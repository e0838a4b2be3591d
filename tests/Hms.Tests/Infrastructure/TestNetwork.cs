using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hms.Tests.Infrastructure;

/// <summary>One "host" of a <see cref="TestNetwork"/>: a Linux network namespace and its one address.</summary>
public sealed record NetworkHost(string Namespace, string Address);

/// <summary>
/// Separate "hosts" on this machine: Linux network namespaces joined by veth links to a bridge that lives in a
/// namespace of its own, on a private /24 under 10.231.0.0/16. The root namespace (where the test runs) has one
/// link to the bridge, so the test reaches the hosts; the hosts have no route anywhere else, so their traffic
/// stays between the namespaces the test created. Needs root and the <c>ip</c> command (iproute2).
/// Names carry the test process's id: leftovers of a run that died are removed when the next one starts.
/// </summary>
public sealed class TestNetwork : IDisposable
{
    private const string Prefix = "hmsnet-";
    private static int _runs;
    private readonly string _run;
    private readonly List<string> _namespaces = [];

    private TestNetwork(string run, string subnet)
    {
        _run = run;
        Subnet = subnet;
    }

    /// <summary>The network's first three octets, e.g. "10.231.7".</summary>
    public string Subnet { get; }

    /// <summary>The network in CIDR form, what PostgreSQL's pg_hba is limited to.</summary>
    public string Cidr => $"{Subnet}.0/24";

    /// <summary>
    /// A bridge namespace, and a link from the root namespace to it (address .1). Hosts are added with
    /// <see cref="AddHost"/>.
    /// </summary>
    public static TestNetwork Create()
    {
        RemoveLeftovers();
        var run = $"{Environment.ProcessId}-{Interlocked.Increment(ref _runs)}";
        var network = new TestNetwork(run, FreeSubnet());
        try
        {
            var bridge = network.NewNamespace("br");
            Ip($"-n {bridge} link add br0 type bridge");
            Ip($"-n {bridge} link set br0 up");
            // The root end is the only name outside a namespace: "hn" + pid + run, under the 15-character limit.
            var rootLink = $"hn{run.Replace("-", "x")}";
            Ip($"link add name {rootLink} type veth peer name root netns {bridge}");
            Ip($"-n {bridge} link set root master br0 up");
            Ip($"addr add {network.Subnet}.1/24 dev {rootLink}");
            Ip($"link set {rootLink} up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>A new "host": its own namespace with loopback and one link to the bridge, at <c>Subnet.<paramref name="lastOctet"/></c>.</summary>
    public NetworkHost AddHost(string role, int lastOctet)
    {
        var name = NewNamespace(role);
        var bridge = NamespaceName("br");
        var port = $"p{lastOctet}";
        Ip($"link add name eth0 netns {name} type veth peer name {port} netns {bridge}");
        Ip($"-n {bridge} link set {port} master br0 up");
        Ip($"-n {name} addr add {Subnet}.{lastOctet}/24 dev eth0");
        Ip($"-n {name} link set eth0 up");
        Ip($"-n {name} link set lo up");
        return new NetworkHost(name, $"{Subnet}.{lastOctet}");
    }

    /// <summary>The host drops off the network: nothing answers at its address, not even a refused connection.</summary>
    public static void Unplug(NetworkHost host) => Ip($"-n {host.Namespace} link set eth0 down");

    /// <summary>SIGKILLs whatever still runs in the namespaces, then deletes them (and with them every veth link).</summary>
    public void Dispose()
    {
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            Delete(name);
        }
    }

    private string NamespaceName(string role) => $"{Prefix}{_run}-{role}";

    private string NewNamespace(string role)
    {
        var name = NamespaceName(role);
        Ip($"netns add {name}");
        _namespaces.Add(name);
        return name;
    }

    private static void Delete(string name)
    {
        foreach (var pid in Run("ip", $"netns pids {name}", check: false).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Run("kill", $"-KILL {pid.Trim()}", check: false);
        }
        Run("ip", $"netns delete {name}", check: false);
    }

    /// <summary>Namespaces of test processes that no longer run (a run killed before its cleanup).</summary>
    private static void RemoveLeftovers()
    {
        foreach (var line in Run("ip", "netns list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var owner = Regex.Match(name, $"^{Prefix}(\\d+)-");
            if (owner.Success && !Directory.Exists($"/proc/{owner.Groups[1].Value}"))
            {
                Delete(name);
            }
        }
    }

    /// <summary>A 10.231.x.0/24 no address of the root namespace is in (another run's network, say).</summary>
    private static string FreeSubnet()
    {
        var used = Run("ip", "-o -4 addr show");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var subnet = $"10.231.{Random.Shared.Next(1, 255)}";
            if (!used.Contains($" {subnet}.", StringComparison.Ordinal))
            {
                return subnet;
            }
        }
        throw new InvalidOperationException("No free 10.231.x.0/24 network.");
    }

    private static void Ip(string arguments) => Run("ip", arguments);

    private static string Run(string file, string arguments, bool check = true)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {arguments}` failed ({process.ExitCode}): {error}");
        }
        return output.Result;
    }
}
