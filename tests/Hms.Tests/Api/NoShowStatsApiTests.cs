using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class NoShowStatsApiTests(ApiFixture cluster)
{
    [Fact]
    public async Task StatsCountAppointmentsWhoseTimeHasPassedByReasonAndByDoctor()
    {
        var flow = await ApiFlow.CreateAsync(cluster, "Europe/Berlin", slotDuration: 30);
        var doctorB = await flow.AddDoctorAsync(slotDuration: 30);
        var zone = ZonedTime.Zone("Europe/Berlin");
        // Three half-hour slots starting on the next full hour at least an hour away (today, local).
        var local = ZonedTime.ToLocal(cluster.Clock.GetUtcNow().AddHours(1), zone);
        if (local.Hour >= 21)
        {
            cluster.Clock.SetUtcNow(ZonedTime.ToInstant(DateOnly.FromDateTime(local).AddDays(1), new TimeOnly(7, 0), zone));
            local = ZonedTime.ToLocal(cluster.Clock.GetUtcNow().AddHours(1), zone);
        }
        var today = DateOnly.FromDateTime(local);
        var first = new TimeOnly(local.Hour + 1, 0);
        async Task<string> Book(string doctor, DateOnly date, TimeOnly start) =>
            (await flow.BookAsync(await flow.AddPatientAsync(), doctor, date, start)).ToString();

        var missedA = await Book(flow.DoctorId, today, first);                  // doctor A: manual NO_SHOW
        var seenA = await Book(flow.DoctorId, today, first.AddMinutes(30));     // doctor A: completed
        var cancelledA = await Book(flow.DoctorId, today, first.AddMinutes(60)); // doctor A: cancelled (never counts)
        var missedB = await Book(doctorB, today, first);                        // doctor B: patient called
        await Book(doctorB, today.AddDays(2), new TimeOnly(10, 0));              // doctor B: still ahead (not counted)

        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{missedA}", new { reason = "MANUAL_STAFF" }));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{missedB}", new { reason = "PATIENT_CALLED" }));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"/api/v1/appointments/{cancelledA}"));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/appointments/{seenA}/check-in", null));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{seenA}/status", new { status = "IN_PROGRESS" }));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{seenA}/status", new { status = "COMPLETED" }));
        // The completed appointment's slot ends; now its time has passed.
        cluster.Clock.SetUtcNow(ZonedTime.ToInstant(today, first.AddMinutes(60), zone));

        var stats = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync(
            $"/api/v1/no-show/stats?from={today:yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}"));

        Assert.Equal((3, 2, 66.7), (stats.GetProperty("totalAppointments").GetInt32(), stats.GetProperty("noShows").GetInt32(),
            stats.GetProperty("noShowRate").GetDouble()));
        var byReason = stats.GetProperty("byReason");
        Assert.Equal((1, 1, 0, 0), (byReason.GetProperty("MANUAL_STAFF").GetInt32(), byReason.GetProperty("PATIENT_CALLED").GetInt32(),
            byReason.GetProperty("AUTO_TIMEOUT").GetInt32(), byReason.GetProperty("MANUAL_DOCTOR").GetInt32()));
        var byDoctor = stats.GetProperty("byDoctor").EnumerateArray().ToDictionary(d => d.GetProperty("doctorId").GetString()!);
        Assert.Equal((2, 1, 50.0), (byDoctor[flow.DoctorId].GetProperty("appointments").GetInt32(),
            byDoctor[flow.DoctorId].GetProperty("noShows").GetInt32(), byDoctor[flow.DoctorId].GetProperty("noShowRate").GetDouble()));
        Assert.Equal((1, 1, 100.0), (byDoctor[doctorB].GetProperty("appointments").GetInt32(),
            byDoctor[doctorB].GetProperty("noShows").GetInt32(), byDoctor[doctorB].GetProperty("noShowRate").GetDouble()));

        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_range", await flow.Admin.GetAsync(
            $"/api/v1/no-show/stats?from={today:yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Receptionist).GetAsync("/api/v1/no-show/stats"));
        var empty = await ApiFlow.Expect(HttpStatusCode.OK, await (await ApiFlow.CreateAsync(cluster)).Admin.GetAsync("/api/v1/no-show/stats"));
        Assert.Equal((0, 0.0), (empty.GetProperty("totalAppointments").GetInt32(), empty.GetProperty("noShowRate").GetDouble()));
    }

    /// <summary>
    /// One day of a clinic with hourly reminders: the statistics count reminders sent, confirmations and cancellations
    /// from reminders, the NO_SHOW rate of reminded and of not-reminded appointments, and a waitlist refill.
    /// </summary>
    [Fact]
    public async Task StatsShowWhatRemindersAndTheWaitlistDid()
    {
        var flow = await ApiFlow.CreateAsync(cluster, "Europe/Berlin", slotDuration: 30);
        var doctorB = await flow.AddDoctorAsync(slotDuration: 30);
        var zone = ZonedTime.Zone("Europe/Berlin");
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync("/api/v1/hospitals/current",
            new { settings = new { reminders = new { offsetsMinutes = new[] { 60 }, quietHoursStart = "00:00", quietHoursEnd = "00:00" } } }));
        var day = ZonedTime.Today(cluster.Clock.GetUtcNow(), zone).AddDays(3);
        DateTimeOffset At(int hour, int minute) => ZonedTime.ToInstant(day, new TimeOnly(hour, minute), zone);
        async Task<string> Patient() => await flow.AddPatientAsync();
        async Task<string> Book(string patient, string doctor, int hour, int minute) =>
            (await flow.BookAsync(patient, doctor, day, new TimeOnly(hour, minute))).ToString();
        Task<long> Reminders() => TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND type = 'APPOINTMENT_REMINDER'", flow.TenantId);
        async Task Reach(DateTimeOffset at, long reminders)
        {
            cluster.Clock.SetUtcNow(at);
            await Eventually.Until(Reminders, n => n == reminders, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(100)), what: $"{reminders} reminders");
        }
        async Task<string> Link(string appointment, string kind) => new Uri(await TestPostgres.ScalarAsync<string>(cluster.ConnectionString,
            $"SELECT metadata->>'{kind}Url' FROM notifications WHERE type = 'APPOINTMENT_REMINDER' AND metadata->>'appointmentId' = $1", appointment)).AbsolutePath;
        async Task Status(string appointment, string status) => await Eventually.Until(
            async () => (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{appointment}"))).GetProperty("status").GetString(),
            s => s == status, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(100)), what: $"{appointment} {status}");

        var missed = await Book(await Patient(), flow.DoctorId, 10, 0);     // reminded at 09:00, never comes
        var confirmed = await Book(await Patient(), flow.DoctorId, 10, 30); // reminded at 09:30, confirms, comes
        var cancelled = await Book(await Patient(), flow.DoctorId, 11, 0);  // reminded at 10:00, cancels from the link
        var came = await Book(await Patient(), flow.DoctorId, 11, 30);      // reminded at 10:30, comes
        foreach (var inLine in new[] { await Patient(), await Patient() }) // the first in line declines, the second takes the slot
        {
            await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
                new { patientId = inLine, doctorId = flow.DoctorId, fromDate = day.ToString("yyyy-MM-dd"), toDate = day.ToString("yyyy-MM-dd") }));
        }

        await Reach(At(9, 0), 1);
        await Reach(At(9, 30), 2);
        await Reach(At(10, 0), 3);
        var anyone = cluster.HttpWithToken(null);
        await ApiFlow.Expect(HttpStatusCode.OK, await anyone.PostAsync(await Link(confirmed, "confirm"), null));
        await ApiFlow.Expect(HttpStatusCode.OK, await anyone.PostAsync(await Link(cancelled, "cancel"), null));
        async Task<string> OpenOffer() => (await Eventually.Until(
            async () => await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/waitlist?doctorId={flow.DoctorId}")),
            w => w.GetProperty("offers").EnumerateArray().Any(o => o.GetProperty("status").GetString() == "OPEN"), what: "the freed 11:00 offered"))
            .GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("status").GetString() == "OPEN").GetProperty("id").GetString()!;
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/waitlist/{flow.DoctorId}/offers/{await OpenOffer()}/decline", null));
        cluster.Clock.SetUtcNow(At(10, 15)); // booked from the offer after its 60-minute reminder had passed: not reminded
        var refilled = (await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsync(
            $"/api/v1/waitlist/{flow.DoctorId}/offers/{await OpenOffer()}/accept", null))).GetProperty("id").GetString()!;
        var walkIn = await Book(await Patient(), doctorB, 10, 30);          // doctor B, booked inside the hour: not reminded, never comes

        await Reach(At(10, 30), 4);
        await Status(missed, "NO_SHOW");
        foreach (var appointment in new[] { confirmed, came, refilled })
        {
            await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/appointments/{appointment}/check-in", null));
        }
        cluster.Clock.SetUtcNow(At(12, 0));
        await Status(walkIn, "NO_SHOW");

        var stats = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/no-show/stats?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}"));
        (int, int, int, int, int, double, int, int, double, int, int) Figures(JsonElement p) => (p.GetProperty("remindersSent").GetInt32(),
            p.GetProperty("confirmed").GetInt32(), p.GetProperty("cancelledByReminder").GetInt32(), p.GetProperty("remindedAppointments").GetInt32(),
            p.GetProperty("remindedNoShows").GetInt32(), p.GetProperty("remindedNoShowRate").GetDouble(), p.GetProperty("notRemindedAppointments").GetInt32(),
            p.GetProperty("notRemindedNoShows").GetInt32(), p.GetProperty("notRemindedNoShowRate").GetDouble(), p.GetProperty("slotsRefilled").GetInt32(),
            p.GetProperty("minutesRecovered").GetInt32());
        Assert.Equal((5, 2), (stats.GetProperty("totalAppointments").GetInt32(), stats.GetProperty("noShows").GetInt32()));
        Assert.Equal((4, 1, 1, 3, 1, 33.3, 2, 1, 50.0, 1, 30), Figures(stats.GetProperty("prevention")));
        var byDoctor = stats.GetProperty("byDoctor").EnumerateArray().ToDictionary(d => d.GetProperty("doctorId").GetString()!);
        Assert.Equal((4, 1, 1, 3, 1, 33.3, 1, 0, 0.0, 1, 30), Figures(byDoctor[flow.DoctorId].GetProperty("prevention")));
        Assert.Equal((0, 0, 0, 0, 0, 0.0, 1, 1, 100.0, 0, 0), Figures(byDoctor[doctorB].GetProperty("prevention")));
    }
}
