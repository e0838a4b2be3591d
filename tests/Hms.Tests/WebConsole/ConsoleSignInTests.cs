using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSignInTests(ConsoleFixture console)
{
    [Fact]
    public async Task ADevelopmentTokenSignsInAndThePagesFollowTheRoles()
    {
        var flow = await ApiFlow.CreateAsync(console);
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.ShotAsync("sign-in");
        await page.GetByLabel("Tenant (hospital or hotel id)").FillAsync(flow.TenantId);
        await page.GetByLabel("NURSE").CheckAsync();
        await page.Locator("#dev-sign-in button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Alert board");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("General " + flow.TenantId);
        // A nurse has the board and the slot grid, not the operators' page.
        Assert.Equal(["Alert board", "Slot grid"], await page.Locator("#nav a").AllInnerTextsAsync());

        await page.Locator("#sign-out").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.SignInAsync(flow.TenantId, Roles.HospitalAdmin);
        Assert.Equal(["Alert board", "Operations", "Slot grid"], await page.Locator("#nav a").AllInnerTextsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AChangedOrForeignTokenIsRefusedWithTheReasonShown()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.GetByLabel("Bearer token (JWT)").FillAsync("not-a-token");
        await page.Locator("#paste-sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("not a valid");

        // Signed by another key: the page keeps it until the API refuses it, then signs out with the reason.
        var forged = Tokens.For("h-x", Roles.Nurse)[..^4] + "AAAA";
        await page.GetByLabel("Bearer token (JWT)").FillAsync(forged);
        await page.Locator("#paste-sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("sign in again");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithAnAuthorityTheConsoleSignsInByAnOidcRedirectWithPkce()
    {
        await using var provider = new FakeIdentityProvider();
        await provider.StartAsync();
        var flow = await ApiFlow.CreateAsync(console);
        provider.User = (flow.TenantId, "oidc-nurse", [Roles.Nurse]);
        var (api, address) = console.ServeAnotherApi(("Auth:Authority", provider.Authority), ("Auth:RequireHttpsMetadata", "false"));
        await using (api)
        {
            var page = await console.NewPageAsync(api: address);
            await page.GotoAsync("/console/");
            await Assertions.Expect(page.Locator("#dev-sign-in")).ToHaveCountAsync(0); // no development tokens without a signing key
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue to sign-in" }).ClickAsync();

            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Alert board");
            await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("oidc-nurse · General " + flow.TenantId + " · NURSE");
            Assert.Equal($"{address}console/#/board", page.Url); // the code and state are gone from the address
            Assert.Equal(0, provider.Refused);
            await page.Context.CloseAsync();
        }
    }
}
