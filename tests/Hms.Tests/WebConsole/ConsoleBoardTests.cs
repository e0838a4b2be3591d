using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Hms.Scheduling;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hms.Tests.WebConsole;

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBoardTests(ConsoleFixture console, ITestOutputHelper output)
{
    private const string Zone = "Asia/Kolkata";

    /// <summary>A checked-in appointment of a new hospital starting within the hour, and the instant its NO_VITALS alert is due.</summary>
    private async Task<(ApiFlow Flow, string AppointmentId, DateTimeOffset VitalsDue)> CheckedInAsync()
    {
        var flow = await ApiFlow.CreateAsync(console, Zone, slotDuration: 30);
        var (id, due) = await flow.CheckInSoonAsync(console.Clock, Zone);
        return (flow, id, due);
    }

    private static int Seconds(string waiting) =>
        waiting.Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Aggregate(0, (total, part) => total * 60 + part);

    [Fact]
    public async Task AStageAlertAppearsLiveAtItsDeadlineAndNursesAcknowledgeAndResolveIt()
    {
        var (flow, appointmentId, due) = await CheckedInAsync();
        var page = await console.NewPageAsync();
        await page.SignInAsync(flow.TenantId, Roles.Nurse);
        await Assertions.Expect(page.Locator("#feed-state")).ToHaveTextAsync("● live");
        await Assertions.Expect(page.Locator("#alerts .body")).ToHaveTextAsync("No open alerts.");

        await console.Clock.FlowToAsync(due - FakeClock.Approach);
        await console.Clock.ReachAsync(due);
        var onScreen = Stopwatch.StartNew();
        var row = page.Locator("#alert-table tr[data-type=NO_VITALS]");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var latency = onScreen.Elapsed;
        output.WriteLine($"NO_VITALS on screen {latency.TotalMilliseconds:0} ms after the clock reached its deadline");
        await File.AppendAllTextAsync(Path.Combine(ConsoleFixture.Screenshots, "alert-latency.txt"),
            $"{DateTimeOffset.UtcNow:O} NO_VITALS on the board {latency.TotalMilliseconds:0} ms after its deadline\n");
        await Assertions.Expect(row).ToContainTextAsync("Roy Anindya");
        await Assertions.Expect(row).ToContainTextAsync("Dr Anagha Vijay");
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("● ACTIVE");
        // Raised at the deadline, shown in the hospital's zone (the browser's is New York).
        await Assertions.Expect(row.Locator("time")).ToHaveTextAsync(ZonedTime.ToLocal(due, ZonedTime.Zone(Zone)).ToString("HH:mm", CultureInfo.InvariantCulture));

        // The waiting time counts up with the page's clock (set to the silo's), from the check-in.
        await page.Clock.SetSystemTimeAsync(console.Clock.GetUtcNow().UtcDateTime);
        await page.Clock.RunForAsync(1_000);
        var waiting = row.Locator("td.waiting");
        var before = Seconds(await waiting.InnerTextAsync());
        await page.Clock.RunForAsync(65_000);
        await Assertions.Expect(waiting).Not.ToHaveTextAsync(TimeSpan.FromSeconds(before).ToString(@"m\:ss", CultureInfo.InvariantCulture));
        Assert.InRange(Seconds(await waiting.InnerTextAsync()) - before, 64, 66);
        await page.ShotAsync("board");

        await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge NO VITALS for Roy Anindya" }).ClickAsync();
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("◐ ACKNOWLEDGED");
        await row.GetByRole(AriaRole.Button, new() { Name = "Resolve NO VITALS for Roy Anindya" }).ClickAsync();
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("✓ RESOLVED");
        await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var stored = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{appointmentId}"));
        var alert = stored.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("alertType").GetString() == "NO_VITALS");
        Assert.Equal(("RESOLVED", "console-user"), (alert.GetProperty("status").GetString(), alert.GetProperty("resolvedBy").GetString()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AHospitalsBoardAndSlotGridShowItsOwnRowsOnlyWithTheDaysNoShowsAndBlockedSlots()
    {
        var (other, otherId, otherDue) = await CheckedInAsync();
        var zone = ZonedTime.Zone(Zone);
        var local = ZonedTime.ToLocal(otherDue, zone);
        var date = DateOnly.FromDateTime(local);
        var missedAt = TimeOnly.FromDateTime(local).AddMinutes(-35);
        var start = missedAt.AddMinutes(30);
        var flow = await ApiFlow.CreateAsync(console, Zone, slotDuration: 30);
        var missed = await flow.BookAsync(await flow.AddPatientAsync(), flow.DoctorId, date, missedAt);
        var seen = (await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start)).ToString();
        var blocked = start.AddHours(1);
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync(
            $"/api/v1/slots/{SlotId.For(Guid.Parse(flow.DoctorId), date, blocked)}/block", new { isBlocked = true, reason = "Ward round" }));

        var page = await console.NewPageAsync();
        await page.SignInAsync(flow.TenantId, Roles.Nurse, Roles.HospitalAdmin);
        await Assertions.Expect(page.Locator("#feed-state")).ToHaveTextAsync("● live");

        // The other hospital's alert is raised first (its feed pushes it), then this one's.
        await console.Clock.FlowToAsync(otherDue - FakeClock.Approach);
        await console.Clock.ReachAsync(otherDue);
        await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await other.Admin.GetAsync($"/api/v1/appointments/{otherId}")))
            .GetProperty("alerts").GetArrayLength(), n => n == 1, what: "the other hospital's NO_VITALS");
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/appointments/{seen}/check-in", null));
        var due = ZonedTime.ToInstant(date, start, zone).AddMinutes(35);
        await console.Clock.FlowToAsync(due - FakeClock.Approach);
        await console.Clock.ReachAsync(due);
        await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{missed}")))
            .GetProperty("status").GetString(), s => s == "NO_SHOW", what: "this hospital's NO_SHOW");

        var otherMrn = (await ApiFlow.Expect(HttpStatusCode.OK, await other.Admin.GetAsync("/api/v1/no-show/alerts")))
            .GetProperty("data")[0].GetProperty("patient").GetProperty("mrn").GetString()!;
        foreach (var fresh in new[] { false, true })
        {
            if (fresh)
            {
                await page.ReloadAsync(); // the first load's query, not only the live feed
            }
            var rows = page.Locator("#alert-table tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-type", "NO_VITALS");
            await Assertions.Expect(page.Locator("#no-show-table tbody tr")).ToHaveCountAsync(1);
            Assert.DoesNotContain(otherMrn, await page.Locator("main").InnerTextAsync());
        }
        await page.Clock.SetSystemTimeAsync(console.Clock.GetUtcNow().UtcDateTime);

        await page.GotoAsync($"/console/#/slots?doctor={flow.DoctorId}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Slot grid");
        await page.GetByLabel("Day", new() { Exact = true }).FillAsync(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        string Kind(TimeOnly t) => $".slot:has(.when:text-is(\"{t:HH:mm}–{t.AddMinutes(30):HH:mm}\"))";
        await Assertions.Expect(page.Locator(Kind(missedAt))).ToHaveAttributeAsync("data-kind", "NO_SHOW");
        await Assertions.Expect(page.Locator(Kind(start))).ToHaveAttributeAsync("data-kind", "BOOKED");
        await Assertions.Expect(page.Locator(Kind(blocked))).ToHaveAttributeAsync("data-kind", "BLOCKED");
        await Assertions.Expect(page.Locator(Kind(blocked.AddMinutes(30)))).ToHaveAttributeAsync("data-kind", "FREE");
        await Assertions.Expect(page.Locator(Kind(blocked))).ToContainTextAsync("Ward round");
        await page.ShotAsync("slot-grid");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ASupervisorSeesThePxCasesAtRiskAndEscalatedOnly()
    {
        var flow = await ApiFlow.CreateAsync(console);
        await flow.AddStaffAsync("px-lead", Roles.Supervisor);
        await flow.AddPxDepartmentAsync("CATERING", "px-lead");
        var now = console.Clock.GetUtcNow();
        async Task<string> OpenAsync(string title, TimeSpan due) => (await ApiFlow.Expect(HttpStatusCode.Created,
            await flow.Admin.PostAsJsonAsync("/api/patient-experience/cases", new { title, department = "CATERING", priority = "HIGH", dueAt = ApiFlow.Instant(now + due) })))
            .GetProperty("id").GetString()!;
        var atRisk = await OpenAsync("Cold dinner", TimeSpan.FromMinutes(50));    // at risk from 40 min (80% of its SLA)
        var escalated = await OpenAsync("Lost glasses", TimeSpan.FromMinutes(30)); // escalates at 30 min
        var fresh = await OpenAsync("Noisy ward", TimeSpan.FromHours(5));         // at risk only after 4 h
        await console.Clock.FlowToAsync(now.AddMinutes(45));
        await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/patient-experience/cases?status=ESCALATED")))
            .GetProperty("total").GetInt32(), n => n == 1, () => console.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "the case escalated at its due instant");

        var page = await console.NewPageAsync();
        await page.SignInAsync(flow.TenantId, Roles.Supervisor);
        var rows = page.Locator("#px-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#px-table tr[data-case='{escalated}'] td").Nth(3)).ToContainTextAsync("▲ ESCALATED");
        await Assertions.Expect(page.Locator($"#px-table tr[data-case='{atRisk}'] td").Nth(3)).ToContainTextAsync("⚠ AT RISK");
        await Assertions.Expect(page.Locator($"#px-table tr[data-case='{fresh}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#alerts")).ToHaveCountAsync(0); // a supervisor's board has no stage alerts
        await page.ShotAsync("board-supervisor");
        await page.Context.CloseAsync();
    }
}
