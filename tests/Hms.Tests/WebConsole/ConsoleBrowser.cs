using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

/// <summary>
/// Debian's chromium driven by Playwright. Playwright's own browser download is not used: the browser is
/// the system's (<c>HMS_CHROMIUM</c>, else <c>/usr/bin/chromium</c>; scripts/test.sh installs it).
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go for review: TestResults/console at the repository's root.</summary>
    public static string Screenshots { get; } = Path.Combine(Infrastructure.Repo.Root, "TestResults", "console");

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("HMS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No chromium at {chromium}: install Debian's chromium (scripts/test.sh does) or set HMS_CHROMIUM.");
        }
        Directory.CreateDirectory(Screenshots);
        var playwright = await Playwright.CreateAsync();
        return new ConsoleBrowser(playwright, await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true }));
    }

    /// <summary>A fresh browser context (its own storage) on <paramref name="api"/>, at 1280×800 unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(Uri api, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = api.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "America/New_York", // not any tenant's zone: pages must show times in the tenant's
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
