using System.Net.Http.Headers;
using Hms.Common;
using Hms.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// The real API in a <see cref="WebApplicationFactory{TEntryPoint}"/>, connected over TCP as an
/// Orleans client to a real silo host built by <see cref="SiloApp"/> in this process (memory storage
/// and reminders, PostgreSQL read model, a fake clock). Shared by the <see cref="ApiCollection"/>;
/// each test uses fresh tenants and ids, and only ever moves the clock forward. A subclass may serve the
/// API over a real loopback port (Kestrel) for clients outside the process, such as a browser.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    /// <summary>Friday 27 March 2026, 07:00 UTC: Europe/Berlin changes to summer time that Sunday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 27, 7, 0, 0, TimeSpan.Zero);

    public const string CronApiKey = "test-cron-api-key";

    public const string CronSecret = "test-cron-secret";

    public const string SmsSecret = "test-sms-secret";

    public FakeTimeProvider Clock { get; } = new(Start);

    public string ConnectionString { get; private set; } = "";

    public WebApplication Silo { get; private set; } = null!;

    public WebApplicationFactory<Program> Api { get; private set; } = null!;

    public IClusterClient Client => Api.Services.GetRequiredService<IClusterClient>();

    /// <summary>Where the API listens when served over Kestrel (<see cref="ServeOverKestrel"/>); null for the in-memory test server.</summary>
    public Uri? Address { get; private set; }

    /// <summary>The silo's gateway, for a second API process of a test's own.</summary>
    public int GatewayPort { get; private set; }

    /// <summary>True to serve the API on a loopback port instead of the in-memory test server.</summary>
    protected virtual bool ServeOverKestrel => false;

    /// <summary>Settings a subclass adds to the API's (after the defaults, so they win).</summary>
    protected virtual void ConfigureApi(Microsoft.AspNetCore.Hosting.IWebHostBuilder web)
    {
    }

    /// <summary>The silo's e-mail goes here (SMTP), its SMS here (webhook); stop them to play a sender that is down.</summary>
    public SmtpSink Smtp { get; } = new(Ports.Free());

    public SmsSink Sms { get; } = new(Ports.Free());

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("cluster");
        Smtp.Start();
        await Sms.StartAsync();
        var gatewayPort = GatewayPort = Ports.Free();
        Silo = SiloApp.Build(
        [
            $"--contentRoot={Repo.Project("Hms.Silo")}",
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Hms={ConnectionString}",
            "--Hms:Storage=Memory",
            $"--Cluster:SiloPort={Ports.Free()}",
            $"--Cluster:GatewayPort={gatewayPort}",
            "--Cluster:MinimumReminderPeriod=00:00:01",
            "--Deadlines:RetryPeriod=00:00:05",
            "--Notifications:Smtp:Host=127.0.0.1",
            $"--Notifications:Smtp:Port={Smtp.Port}",
            "--Notifications:Smtp:Security=None",
            "--KpiSources:Cube:AllowedHosts=127.0.0.1,cube.local",
            "--Outbound:AllowedNetworks=127.0.0.1/32", // the Cube and SMS stubs listen on loopback
            $"--Notifications:Sms:WebhookUrl={Sms.Url}",
            "--Notifications:FirstRetry=00:00:00.300",
            "--Logging:LogLevel:Default=Warning",
        ], builder =>
        {
            builder.Services.AddKeyedSingleton<TimeProvider>(HmsClock.Key, Clock);
            builder.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Clock);
        });
        await Silo.PrepareAsync();
        await Silo.StartAsync();

        Api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cluster:Clustering", "Localhost");
            web.UseSetting("Cluster:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Auth:SigningKey", Tokens.SigningKey);
            web.UseSetting("CRON_API_KEY", CronApiKey);
            web.UseSetting("CRON_SECRET", CronSecret);
            web.UseSetting("SMS_INBOUND_SECRET", SmsSecret);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            // Sweeps send hundreds of requests a second as one user; RateLimitTests set their own limits.
            web.UseSetting("RateLimits:WritesPerSecondPerUser", "0");
            web.UseSetting("RateLimits:WritesPerSecondPerTenant", "0");
            web.UseSetting("RateLimits:TestSendsPerHourPerTenant", "0");
            web.UseSetting("RateLimits:AnonymousPerMinutePerAddress", "0");
            ConfigureApi(web);
        });
        if (ServeOverKestrel)
        {
            Address = ServeOnLoopback(Api);
        }
        else
        {
            _ = Api.Server; // starts the API and its cluster client
        }
    }

    /// <summary>Starts <paramref name="api"/> on Kestrel at a free loopback port (reachable from other processes, e.g. a browser).</summary>
    protected static Uri ServeOnLoopback(WebApplicationFactory<Program> api)
    {
        var port = Ports.Free();
        api.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        api.StartServer();
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>An HTTP client of the API carrying a token for the tenant and roles.</summary>
    public HttpClient Http(string tenantId, params string[] roles) => HttpWithToken(Tokens.For(tenantId, roles));

    /// <summary>An HTTP client for a named user (a patient user whose records carry that user id).</summary>
    public HttpClient HttpFor(string tenantId, string subject, params string[] roles) => HttpWithToken(Tokens.For(tenantId, subject, roles));

    public HttpClient HttpWithToken(string? token)
    {
        var client = Address is null ? Api.CreateClient() : new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Silo.StopAsync();
        await Silo.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}
