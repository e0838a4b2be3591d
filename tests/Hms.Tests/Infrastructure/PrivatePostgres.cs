using System.Diagnostics;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, started with the project's scripts/lib/postgres.sh, so
/// the test can restart it mid-run without disturbing the server every other test shares.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dataDir;

    private PrivatePostgres(string dataDir, int port)
    {
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public string Server => $"Host=127.0.0.1;Port={Port};Username=postgres";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var port = Ports.Free();
        var name = $"pg-private-{Guid.NewGuid():N}"[..24];
        var dataDir = (await ShellAsync($"pg_data_dir {name}")).Trim();
        var server = new PrivatePostgres(dataDir, port);
        await ShellAsync($"HMS_PG_FSYNC=off pg_start '{dataDir}' {port}");
        return server;
    }

    /// <summary>A fast restart: every connection is cut, the server is back in a second or two.</summary>
    public Task RestartAsync() => ShellAsync($"pg_restart '{_dataDir}'");

    public async ValueTask DisposeAsync()
    {
        await ShellAsync($"pg_stop '{_dataDir}'; rm -rf '{_dataDir}'");
    }

    private static async Task<string> ShellAsync(string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", $"source '{Path.Combine(Repo.Root, "scripts/lib/postgres.sh")}' && {command}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
