using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Hms.Bench.Reporting;
using Npgsql;

namespace Hms.Bench.Cluster;

/// <summary>
/// One benchmark deployment as an operator runs it: a fresh database on the bench PostgreSQL, the
/// migrations, N silo processes and the API process, all with the production settings (only the
/// ports, the database and a local signing key are set here).
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly List<Process> _silos = [];
    private Process? _api;

    private Deployment(string server, string database, int? poolSize)
    {
        Server = server;
        Database = database;
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = database };
        if (poolSize is { } size)
        {
            builder.MaxPoolSize = size; // otherwise Npgsql's default (100), as operators get it
        }
        ConnectionString = builder.ConnectionString;
    }

    public string Server { get; }

    public string Database { get; }

    public string ConnectionString { get; }

    public Uri ApiAddress { get; private set; } = new("http://127.0.0.1");

    public IEnumerable<int> SiloIds => _silos.Select(p => p.Id);

    /// <summary>Each silo's HTTP address (health, and <c>/metrics</c> when Prometheus is on).</summary>
    public List<Uri> SiloAddresses { get; } = [];

    public int? ApiId => _api?.Id;

    public CpuMeter MeasureCpu() => CpuMeter.Start(SiloIds, ApiId);

    public const string SigningKey = "bench-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";

    public static async Task<Deployment> CreateAsync(BenchArgs args, string database)
    {
        await Cluster.Database.RecreateAsync(args.Server, database);
        var deployment = new Deployment(args.Server, database, args.Pool);
        var migrate = Start(Repo.SiloDll, ["migrate"], deployment.Environment(), Repo.LogPath($"{database}-migrate.log"));
        await migrate.WaitForExitAsync();
        if (migrate.ExitCode != 0)
        {
            throw new InvalidOperationException($"Migrations failed; see {Repo.LogPath($"{database}-migrate.log")}");
        }
        return deployment;
    }

    /// <summary>Starts <paramref name="count"/> silos and the API, and waits until all answer ready.</summary>
    public async Task StartAsync(int count, IDictionary<string, string>? siloSettings = null)
    {
        var ready = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var http = FreePort();
            var env = Environment();
            env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{http}";
            env["Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
            env["Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
            foreach (var (key, value) in siloSettings ?? new Dictionary<string, string>())
            {
                env[key] = value;
            }
            _silos.Add(Start(Repo.SiloDll, [], env, Repo.LogPath($"{Database}-silo{i}.log")));
            SiloAddresses.Add(new Uri($"http://127.0.0.1:{http}"));
            ready.Add(WaitReadyAsync(new Uri($"http://127.0.0.1:{http}/health/ready")));
        }
        await Task.WhenAll(ready);

        var apiPort = FreePort();
        var apiEnv = Environment();
        apiEnv["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}";
        apiEnv["Auth__SigningKey"] = SigningKey;
        apiEnv["Auth__DevTokens"] = "true";
        // The load generator books as a few users at thousands a second: abuse limits would measure themselves.
        apiEnv["RateLimits__WritesPerSecondPerUser"] = "0";
        apiEnv["RateLimits__WritesPerSecondPerTenant"] = "0";
        apiEnv["RateLimits__AnonymousPerMinutePerAddress"] = "0"; // a development token per seeded hospital
        _api = Start(Repo.ApiDll, [], apiEnv, Repo.LogPath($"{Database}-api.log"));
        ApiAddress = new Uri($"http://127.0.0.1:{apiPort}");
        await WaitReadyAsync(new Uri(ApiAddress, "/health/ready"));
    }

    /// <summary>Resident memory of each silo process, in MiB.</summary>
    public IReadOnlyList<double> SiloRssMiB()
    {
        return _silos.Select(p =>
        {
            p.Refresh();
            return p.HasExited ? 0 : p.WorkingSet64 / 1024.0 / 1024.0;
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _silos.Append(_api).OfType<Process>())
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        // Disposing twice is harmless: a workload may stop the cluster early to give the box to a peer.
        _silos.Clear();
        _api = null;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Hms"] = ConnectionString,
        ["DOTNET_NOLOGO"] = "1",
    };

    internal static Process Start(string dll, string[] args, Dictionary<string, string> env, string log)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        // The shell redirects the output to a file, so a busy process never blocks on a full pipe.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"$0\" \"$@\" > \"{log}\" 2>&1");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }

    internal static async Task WaitReadyAsync(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{url} did not become ready; see {Repo.LogPath("")}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Databases on the bench server: one fresh database per run.</summary>
public static class Database
{
    public static async Task RecreateAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        await Execute(connection, $"CREATE DATABASE \"{database}\"");
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task<List<double>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<double>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture));
        }
        return values;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Execute(connection, sql);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Where the built binaries and the run logs are.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string SiloDll => Path.Combine(Root, "src/Hms.Silo/bin/Release/net10.0/Hms.Silo.dll");

    public static string ApiDll => Path.Combine(Root, "src/Hms.Api/bin/Release/net10.0/Hms.Api.dll");

    public static string BookingPeerDll => Path.Combine(Root, "bench/Hms.BookingPeer/bin/Release/net10.0/Hms.BookingPeer.dll");

    public static string LogPath(string name)
    {
        var folder = Path.Combine(Root, ".data/bench-logs");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hms.Orleans.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the bench from inside the repository.");
    }
}
