using System.Net;
using System.Net.Http.Json;
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
}
