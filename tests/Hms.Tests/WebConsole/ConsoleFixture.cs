using Hms.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

/// <summary>
/// The API served on a loopback port (development tokens on) with its in-process silo and fake clock, and
/// Debian's chromium driven by Playwright. Playwright's own browser download is not used: the browser is
/// the system's (<c>HMS_CHROMIUM</c>, else <c>/usr/bin/chromium</c>; scripts/test.sh installs it).
/// </summary>
public sealed class ConsoleFixture : ApiFixture
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go for review: TestResults/console at the repository's root.</summary>
    public static string Screenshots { get; } = Path.Combine(Repo.Root, "TestResults", "console");

    protected override bool ServeOverKestrel => true;

    protected override void ConfigureApi(IWebHostBuilder web)
    {
        web.UseSetting("Auth:DevTokens", "true");
        web.UseSetting("Console:DashboardUrl", "http://127.0.0.1:8081/dashboard");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var chromium = Environment.GetEnvironmentVariable("HMS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No chromium at {chromium}: install Debian's chromium (scripts/test.sh does) or set HMS_CHROMIUM.");
        }
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
    }

    /// <summary>A fresh browser context (its own storage) at 1280×800, or at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, Uri? api = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (api ?? Address)!.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "America/New_York", // not any tenant's zone: pages must show times in the tenant's
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // The page's clock reads the silo's fake clock, so "today" and waiting times match the server's.
        await page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = Clock.GetUtcNow().UtcDateTime });
        return page;
    }

    /// <summary>Another API process on its own port, connected to the same silo, with settings of the test's own (e.g. an OIDC authority).</summary>
    public (WebApplicationFactory<Program> Api, Uri Address) ServeAnotherApi(params (string Key, string Value)[] settings)
    {
        var api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cluster:Clustering", "Localhost");
            web.UseSetting("Cluster:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        var port = Ports.Free();
        api.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        api.StartServer();
        return (api, new Uri($"http://127.0.0.1:{port}"));
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "Console";
}
