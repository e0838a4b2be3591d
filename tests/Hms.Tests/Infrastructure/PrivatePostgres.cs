using System.Diagnostics;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, started with the project's scripts/lib/postgres.sh, so
/// the test can restart it mid-run without disturbing the server every other test shares. On a
/// <see cref="TestNetwork"/> host it runs in that host's namespace, listens on the host's address only, and
/// trusts clients from that network only (<c>HMS_PG_LISTEN</c>, <c>HMS_PG_ALLOW_NETWORK</c> in scripts/lib/postgres.sh).
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly NetworkHost? _host;

    private PrivatePostgres(string dataDir, int port, NetworkHost? host)
    {
        _dataDir = dataDir;
        Port = port;
        _host = host;
    }

    public int Port { get; }

    public string Server => $"Host={_host?.Address ?? "127.0.0.1"};Port={Port};Username=postgres";

    /// <summary>Starts a server on loopback, or on a <see cref="TestNetwork"/> host trusting clients from <c>network</c> (CIDR) only.</summary>
    public static async Task<PrivatePostgres> StartAsync(NetworkHost? host = null, string? network = null)
    {
        var port = Ports.Free();
        var name = $"pg-private-{Guid.NewGuid():N}"[..24];
        var dataDir = (await ShellAsync($"pg_data_dir {name}", null)).Trim();
        var server = new PrivatePostgres(dataDir, port, host);
        var listen = host is null ? "" : $"HMS_PG_LISTEN={host.Address} HMS_PG_ALLOW_NETWORK={network} ";
        await ShellAsync($"{listen}HMS_PG_FSYNC=off pg_start '{dataDir}' {port}", host);
        return server;
    }

    /// <summary>A fast restart: every connection is cut, the server is back in a second or two.</summary>
    public Task RestartAsync() => ShellAsync($"pg_restart '{_dataDir}'", _host);

    public async ValueTask DisposeAsync()
    {
        await ShellAsync($"pg_stop '{_dataDir}'; rm -rf '{_dataDir}'", _host);
    }

    private static async Task<string> ShellAsync(string command, NetworkHost? host)
    {
        var script = $"source '{Path.Combine(Repo.Root, "scripts/lib/postgres.sh")}' && {command}";
        var start = new ProcessStartInfo(host is null ? "bash" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in host is null ? ["-c", script] : new[] { "netns", "exec", host.Namespace, "bash", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await error}");
        }
        return await output;
    }
}
