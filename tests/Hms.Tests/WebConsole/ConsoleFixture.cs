using Hms.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

/// <summary>
/// The API served on a loopback port (development tokens on) with its in-process silo and fake clock, and
/// a browser (<see cref="ConsoleBrowser"/>) whose pages read the silo's fake clock.
/// </summary>
public sealed class ConsoleFixture : ApiFixture
{
    private ConsoleBrowser? _browser;

    /// <summary>Where screenshots go for review.</summary>
    public static string Screenshots => ConsoleBrowser.Screenshots;

    protected override bool ServeOverKestrel => true;

    protected override void ConfigureApi(IWebHostBuilder web)
    {
        web.UseSetting("Auth:DevTokens", "true");
        web.UseSetting("Console:DashboardUrl", "http://127.0.0.1:8081/dashboard");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _browser = await ConsoleBrowser.LaunchAsync();
    }

    /// <summary>A fresh page at 1280×800 (or the size given) on this API, or on <paramref name="api"/>.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, Uri? api = null)
    {
        var page = await _browser!.NewPageAsync(api ?? Address!, width, height);
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
        return (api, ServeOnLoopback(api));
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "Console";
}
