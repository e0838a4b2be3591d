using Hms.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

/// <summary>How the browser tests sign in, look and keep a screenshot.</summary>
public static class ConsolePages
{
    /// <summary>Signs in by pasting a token for the tenant and roles (the path every deployment has).</summary>
    public static async Task SignInAsync(this IPage page, string tenantId, params string[] roles)
    {
        await page.GotoAsync("/console/");
        await page.GetByLabel("Bearer token (JWT)").FillAsync(Tokens.For(tenantId, "console-user", roles));
        await page.Locator("#paste-sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
    }

    /// <summary>Writes the page as it stands to TestResults/console/{name}.png.</summary>
    public static Task ShotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.Screenshots, name + ".png"), FullPage = true });
}
