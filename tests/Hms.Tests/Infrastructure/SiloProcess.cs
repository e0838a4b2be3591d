using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A real <c>Hms.Silo</c> process on PostgreSQL, as an operator runs it: started with environment
/// variables, polled until ready, and killed with SIGKILL to simulate a crash. <see cref="StartApi"/>
/// starts a real <c>Hms.Api</c> process the same way. Given a <see cref="NetworkHost"/>, the process runs in that
/// host's network namespace (<c>ip netns exec</c>) and serves HTTP on the host's address instead of loopback.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, string address, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        Address = address;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    /// <summary>The address its HTTP port listens on: loopback, or its <see cref="NetworkHost"/>'s address.</summary>
    public string Address { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public const string DashboardPassword = "test-dashboard-secret";

    /// <summary>Settings every test silo shares: quick retries and quick failure detection.</summary>
    public static Dictionary<string, string> FastSettings(string connectionString) => new()
    {
        ["ConnectionStrings__Hms"] = connectionString,
        ["Deadlines__RetryPeriod"] = "00:00:05",
        ["Cluster__MinimumReminderPeriod"] = "00:00:01",
        ["Cluster__Membership__ProbeTimeout"] = "00:00:01",
        ["Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["Cluster__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Dashboard__Username"] = "operator",
        ["Dashboard__Password"] = DashboardPassword,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Hms"] = "Information",
    };

    public static SiloProcess Start(IDictionary<string, string> settings, int? siloPort = null, int? gatewayPort = null, NetworkHost? host = null) =>
        Start(Repo.SiloDll, settings, siloPort ?? Ports.Free(), gatewayPort ?? Ports.Free(), host);

    /// <summary>The API as a process listening on its own port (<see cref="HttpPort"/>), ready once a silo is.</summary>
    public static SiloProcess StartApi(IDictionary<string, string> settings, NetworkHost? host = null) => Start(Repo.ApiDll, settings, 0, 0, host);

    private static SiloProcess Start(string dll, IDictionary<string, string> settings, int silo, int gateway, NetworkHost? host)
    {
        var http = Ports.Free();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        // `ip netns exec` replaces itself with the command, so the process started here is still the silo: Kill reaches it.
        var start = new ProcessStartInfo(host is null ? dotnet : "ip")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (host is not null)
        {
            foreach (var argument in new[] { "netns", "exec", host.Namespace, dotnet })
            {
                start.ArgumentList.Add(argument);
            }
        }
        start.ArgumentList.Add(dll);
        var address = host?.Address ?? "127.0.0.1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = $"http://{address}:{http}";
        if (silo > 0)
        {
            start.Environment["Cluster__SiloPort"] = silo.ToString(CultureInfo.InvariantCulture);
            start.Environment["Cluster__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture);
        }
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the solution first: a binary is missing.", dll);
        }
        var process = Process.Start(start)!;
        var handle = new SiloProcess(process, address, http, silo, gateway);
        process.OutputDataReceived += (_, e) => handle.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handle.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return handle;
    }

    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await http.GetAsync($"http://{Address}:{HttpPort}/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The process was not ready in time:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGSTOP: the process stops answering without closing a connection, like a host that hangs; <see cref="Kill"/> still ends it.</summary>
    public void Freeze()
    {
        using var stop = Process.Start("kill", ["-STOP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        stop.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
