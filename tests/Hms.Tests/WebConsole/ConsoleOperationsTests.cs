using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using Hms.Appointments;
using Hms.Common;
using Hms.Notifications;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Hms.Tests.WebConsole;

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleOperationsTests(ConsoleFixture console)
{
    private const string Zone = "Europe/Berlin";

    /// <summary>An appointment in the next half-hour slot whose NO_SHOW reminder row is lost, and its deadline (the slot's end).</summary>
    private async Task<(Guid Id, DateTimeOffset DueAt)> LostNoShowAsync(ApiFlow flow)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds((console.Clock.GetUtcNow().ToUnixTimeSeconds() / 1800 + 1) * 1800);
        var local = ZonedTime.ToLocal(start, ZonedTime.Zone(Zone));
        var id = await flow.BookAsync(flow.PatientId, flow.DoctorId, DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        var table = console.Silo.Services.GetRequiredService<IReminderTable>();
        var grain = console.Client.GetGrain<IAppointmentGrain>(id).GetGrainId();
        var row = await table.ReadRow(grain, AppointmentDeadlines.NoShow.Name);
        Assert.True(await table.RemoveRow(grain, AppointmentDeadlines.NoShow.Name, row!.ETag!));
        return (id, start.AddMinutes(30));
    }

    [Fact]
    public async Task AnOperatorFiresAnOverdueDeadlineAndRetriesAFailedNotificationUntilDelivered()
    {
        var flow = await ApiFlow.CreateAsync(console, Zone);
        var (appointment, due) = await LostNoShowAsync(flow);
        await console.Clock.FlowToAsync(due.AddMinutes(3)); // past the 2-minute grace: overdue

        // A notification whose e-mail is given up at its first failure while the mail server is down.
        var options = console.Silo.Services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        var maxAttempts = options.MaxAttempts;
        var notification = Guid.NewGuid();
        options.MaxAttempts = 1;
        console.Smtp.Stop();
        try
        {
            await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsJsonAsync("/api/v1/staff/asha",
                new { firstName = "Asha", lastName = "Rao", roles = new[] { Roles.HospitalAdmin }, email = $"asha.{notification:N}@example.org" }));
            await console.Client.GetGrain<INotificationDelivery>(notification).Deliver(new NotificationMessage(notification, flow.TenantId,
                RecipientKind.User, "asha", "JOB_FAILING", "Deadline handling is failing", "3 consecutive runs failed.", Priority.High,
                [Channel.InApp, Channel.Email], ImmutableDictionary<string, string>.Empty, console.Clock.GetUtcNow()), onDelivered: null);
            await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/notifications/failed")))
                .GetProperty("total").GetInt32(), n => n == 1, what: "the e-mail given up");

            var page = await console.NewPageAsync();
            await page.SignInAsync(flow.TenantId, Roles.HospitalAdmin);
            await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync();
            var noShow = page.Locator("#deadline-table tr[data-kind=NO_SHOW] td");
            await Assertions.Expect(noShow.Nth(0)).ToHaveTextAsync("1"); // pending
            await Assertions.Expect(noShow.Nth(2)).ToHaveTextAsync("! OVERDUE 1");
            await Assertions.Expect(page.Locator("#history svg.chart")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#history figure").First.Locator("tbody tr")).ToHaveCountAsync(24); // one row per hour, beside the picture
            var failed = page.Locator($"#failed-notification-table tr[data-notification='{notification}']");
            await Assertions.Expect(failed.Locator(".n-status")).ToHaveTextAsync("✗ FAILED");
            await page.ShotAsync("operations");

            await page.GetByRole(AriaRole.Button, new() { Name = $"Fire NO_SHOW deadline of {appointment}" }).ClickAsync();
            await Assertions.Expect(page.Locator("#deadlines")).ToContainTextAsync("Nothing overdue.");
            var stored = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{appointment}"));
            Assert.Equal("NO_SHOW", stored.GetProperty("status").GetString());

            console.Smtp.Start();
            await failed.GetByRole(AriaRole.Button, new() { Name = "Retry notification Deadline handling is failing" }).ClickAsync();
            await Assertions.Expect(failed.Locator(".n-status")).ToHaveTextAsync("✓ DELIVERED");
            Assert.Single(console.Smtp.Received, m => m.To.Contains($"asha.{notification:N}@example.org"));
            await page.ShotAsync("operations-after-actions");
            await page.Context.CloseAsync();
        }
        finally
        {
            options.MaxAttempts = maxAttempts;
            console.Smtp.Stop();
            console.Smtp.Start();
        }
    }

    [Fact]
    public async Task AHotelAdminPausesAndResumesAHotelJobFromItsHealthPanel()
    {
        var tenant = "hotel-" + Guid.NewGuid().ToString("N")[..10];
        var hotel = console.Http(tenant, Roles.HotelAdmin);
        await ApiFlow.Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels", new { name = "Hotel " + tenant, timeZone = "Europe/Lisbon" }));
        async Task<bool> EnabledAsync(string job) => (await ApiFlow.Expect(HttpStatusCode.OK, await hotel.GetAsync("/api/v1/hotels/current/jobs")))
            .EnumerateArray().Single(j => j.GetProperty("jobName").GetString() == job).GetProperty("enabled").GetBoolean();

        var page = await console.NewPageAsync();
        await page.SignInAsync(tenant, Roles.HotelAdmin);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("Hotel " + tenant);
        Assert.Equal(["Operations"], await page.Locator("#nav a").AllInnerTextsAsync()); // no board or slots for a hotel
        var job = page.Locator("#health-hotel-jobs tbody tr").First;
        var name = await job.GetAttributeAsync("data-job");
        Assert.True(await EnabledAsync(name!));

        await job.GetByRole(AriaRole.Button, new() { Name = $"Pause {name}" }).ClickAsync();
        var paused = page.Locator($"#health-hotel-jobs tr[data-job='{name}'] td").Nth(0);
        await Assertions.Expect(paused).ToHaveTextAsync("‖ PAUSED");
        Assert.False(await EnabledAsync(name!));
        await page.ShotAsync("operations-hotel");

        await page.Locator($"#health-hotel-jobs tr[data-job='{name}']").GetByRole(AriaRole.Button, new() { Name = $"Resume {name}" }).ClickAsync();
        await Assertions.Expect(paused).ToHaveTextAsync("running");
        Assert.True(await EnabledAsync(name!));
        await page.Context.CloseAsync();
    }
}
