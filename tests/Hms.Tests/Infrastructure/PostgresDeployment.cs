using System.Net.Http.Headers;
using Hms.Silo.Database;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A durable deployment for one test: its own PostgreSQL database, real silo processes, and the
/// real API finding them through the ADO.NET membership table.
/// </summary>
public sealed class PostgresDeployment : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private WebApplicationFactory<Program>? _api;

    private PostgresDeployment(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public const string CronApiKey = "durable-cron-api-key";

    public const string CronSecret = "durable-cron-secret";

    /// <summary>An anonymous client of the API (machine callers bring their own secret).</summary>
    public HttpClient Anonymous()
    {
        _ = Http("h-none", []);
        return _api!.CreateClient();
    }

    /// <param name="migrate">Apply the migrations first (false: the silos do it as they start).</param>
    /// <param name="server">Another PostgreSQL server than the shared test server (a <see cref="PrivatePostgres"/>).</param>
    public static async Task<PostgresDeployment> CreateAsync(bool migrate = true, string? server = null)
    {
        var deployment = new PostgresDeployment(await TestPostgres.CreateDatabaseAsync("durable", server));
        if (migrate)
        {
            await using var source = NpgsqlDataSource.Create(deployment.ConnectionString);
            await new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        }
        return deployment;
    }

    /// <summary>A silo process; with a <see cref="NetworkHost"/>, in that host's namespace of a <see cref="TestNetwork"/> (default: loopback).</summary>
    public SiloProcess StartSilo(int? siloPort = null, int? gatewayPort = null, IDictionary<string, string>? extra = null, NetworkHost? host = null)
    {
        var settings = SiloProcess.FastSettings(ConnectionString);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var silo = SiloProcess.Start(settings, siloPort, gatewayPort, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Settings the API starts with besides the deployment's own (set before the first client is made).</summary>
    public Dictionary<string, string> ApiSettings { get; } = [];

    public HttpClient Http(string tenantId, string[] roles)
    {
        _api ??= new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in ApiSettings)
            {
                web.UseSetting(key, value);
            }
            web.UseSetting("ConnectionStrings:Hms", ConnectionString);
            web.UseSetting("Cluster:Clustering", "AdoNet");
            web.UseSetting("Cluster:GatewayListRefreshPeriod", "00:00:02");
            web.UseSetting("Auth:SigningKey", Tokens.SigningKey);
            web.UseSetting("CRON_API_KEY", CronApiKey);
            web.UseSetting("CRON_SECRET", CronSecret);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(tenantId, roles));
        return client;
    }

    public Task<long> CountAsync(string sql, params object[] parameters) =>
        TestPostgres.ScalarAsync<long>(ConnectionString, sql, parameters);

    /// <summary>
    /// Waits until no grain keyed by one of <paramref name="keys"/> holds a reminder row: their deadlines
    /// were disarmed, so no later tick can come for them.
    /// </summary>
    public Task NoRemindersLeftAsync(IEnumerable<Guid> keys, string what) =>
        Eventually.Until(() => CountAsync(
                "SELECT count(*) FROM orleansremindersv2table r WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) k WHERE r.grainid LIKE '%' || k)",
                [keys.Select(k => k.ToString("N")).ToArray()]),
            n => n == 0, TimeSpan.FromSeconds(30), $"{what}: no reminder left\n{SiloLogs}");

    public string SiloLogs => string.Join("\n---- next silo ----\n", _silos.Select(s => s.Output));

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

/// <summary>Deadlines on real time: slot starts are whole minutes, so deadlines fall on minute boundaries.</summary>
public static class MinuteDeadline
{
    /// <summary>
    /// The next minute boundary at least <paramref name="lead"/> away, and the one-minute slot (UTC
    /// zone) that ends there. A doctor working 00:00–23:59 has no slot starting at 23:59, so that
    /// minute is skipped.
    /// </summary>
    public static (DateOnly Date, TimeOnly Start, DateTimeOffset DueAt) Next(TimeSpan lead)
    {
        var earliest = DateTimeOffset.UtcNow + lead;
        var due = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, earliest.Minute, 0, TimeSpan.Zero);
        if (due < earliest)
        {
            due = due.AddMinutes(1);
        }
        var start = due.AddMinutes(-1);
        if (start.Hour == 23 && start.Minute == 59)
        {
            (start, due) = (start.AddMinutes(1), due.AddMinutes(1));
        }
        return (DateOnly.FromDateTime(start.UtcDateTime), TimeOnly.FromDateTime(start.UtcDateTime), due);
    }

    /// <summary>
    /// Like <see cref="Next"/>, for <paramref name="minutes"/> consecutive one-minute slots that all
    /// start on the same day before 23:59 (the working day's last slot starts at 23:58).
    /// </summary>
    public static (DateOnly Date, TimeOnly Start, DateTimeOffset DueAt) NextRun(TimeSpan lead, int minutes)
    {
        var next = Next(lead);
        while (next.Start.Hour == 23 && next.Start.Minute + minutes > 59)
        {
            lead += TimeSpan.FromMinutes(1);
            next = Next(lead);
        }
        return next;
    }

    public static async Task Until(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
