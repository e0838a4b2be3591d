using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

/// <summary>The console by keyboard and at a tablet's width: labels, names, status in words, no page-wide sideways scroll.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAccessTests(ConsoleFixture console)
{
    /// <summary>Form fields without a label, buttons and links without a name, badges without words, and whether the page scrolls sideways.</summary>
    private const string Audit = """
        () => JSON.stringify({
          unlabelled: [...document.querySelectorAll('input, select, textarea')].filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.outerHTML),
          unnamed: [...document.querySelectorAll('button, a')].filter(e => !(e.getAttribute('aria-label') || e.textContent).trim()).map(e => e.outerHTML),
          wordless: [...document.querySelectorAll('.badge')].filter(e => !/[A-Z]{2,}/.test(e.textContent)).map(e => e.outerHTML),
          sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        })
        """;

    private static async Task AuditAsync(IPage page)
    {
        var found = JsonSerializer.Deserialize<AuditResult>(await page.EvaluateAsync<string>(Audit), JsonSerializerOptions.Web)!;
        Assert.Empty(found.Unlabelled);
        Assert.Empty(found.Unnamed);
        Assert.Empty(found.Wordless);
        Assert.False(found.Sideways, "the page scrolls sideways");
    }

    private sealed record AuditResult(string[] Unlabelled, string[] Unnamed, string[] Wordless, bool Sideways);

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task EveryPageWorksByKeyboardAndFitsTheScreen(int width, int height)
    {
        var flow = await ApiFlow.CreateAsync(console);
        var page = await console.NewPageAsync(width, height);
        await page.GotoAsync("/console/");
        await AuditAsync(page);
        await page.SignInAsync(flow.TenantId, Roles.HospitalAdmin, Roles.Nurse);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Alert board");
        await Assertions.Expect(page.Locator("#main")).ToBeFocusedAsync(); // the page has finished loading
        await AuditAsync(page);

        // From the top of the page: the skip link, then the pages, each reached and opened by keyboard.
        await page.Locator("body").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        foreach (var (name, heading) in new[] { ("Operations", "Operations"), ("Slot grid", "Slot grid") })
        {
            await page.Locator(".skip").FocusAsync(); // the top of the page
            for (var i = 0; i < 10 && await page.EvaluateAsync<string>("() => document.activeElement.textContent") != name; i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }
            Assert.Equal(name, await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Assertions.Expect(page.Locator("#main")).ToBeFocusedAsync(); // screen readers start at the new page
            await Assertions.Expect(page.Locator("[aria-current=page]")).ToHaveTextAsync(name);
            await Assertions.Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
            await AuditAsync(page);
            await page.ShotAsync($"{heading.ToLowerInvariant().Replace(' ', '-')}-{width}x{height}");
        }
        await page.Context.CloseAsync();
    }
}
