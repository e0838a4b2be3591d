using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AppointmentApiTests(ApiFixture cluster)
{
    [Fact]
    public async Task BookedAppointmentBecomesNoShowAndShowsInTheLogs()
    {
        var flow = await ApiFlow.CreateAsync(cluster, "Asia/Kolkata", slotDuration: 30);
        var zone = ZonedTime.Zone("Asia/Kolkata");
        var local = ZonedTime.ToLocal(cluster.Clock.GetUtcNow().AddHours(2), zone);
        var date = DateOnly.FromDateTime(local);
        var start = new TimeOnly(local.Hour, local.Minute >= 30 ? 30 : 0);
        if (start > new TimeOnly(23, 0))
        {
            (date, start) = (date.AddDays(1), new TimeOnly(10, 0));
        }

        var booked = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, appointmentDate = date.ToString("yyyy-MM-dd"), startTime = start.ToString("HH:mm"), reason = "Fever" }));
        var id = booked.GetProperty("id").GetString();
        Assert.Equal("SCHEDULED", booked.GetProperty("status").GetString());
        Assert.Equal(start.AddMinutes(30).ToString("HH:mm"), booked.GetProperty("endTime").GetString());
        var dueAt = booked.GetProperty("noShowDueAt").GetDateTimeOffset();
        Assert.Equal(ZonedTime.ToInstant(date, start, zone).AddMinutes(30), dueAt);

        var again = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{id}"));
        Assert.Equal(booked.GetProperty("createdAt").GetDateTimeOffset(), again.GetProperty("createdAt").GetDateTimeOffset());

        cluster.Clock.SetUtcNow(dueAt);
        await Eventually.Until(
            async () => (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{id}"))).GetProperty("status").GetString(),
            status => status == "NO_SHOW", () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "NO_SHOW over HTTP");

        var logs = await Eventually.Until(
            async () => await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/no-show/logs?patientId={flow.PatientId}&reason=AUTO_TIMEOUT")),
            page => page.GetProperty("total").GetInt32() == 1 && page.GetProperty("data")[0].GetProperty("notificationSent").GetBoolean(),
            what: "one log, its notification sent");
        var log = logs.GetProperty("data")[0];
        Assert.Equal(id, log.GetProperty("appointmentId").GetString());
        Assert.Equal("AUTO_TIMEOUT", log.GetProperty("reason").GetString());
        Assert.Equal(start.ToString("HH:mm"), log.GetProperty("slotTime").GetString());
        Assert.Equal(30, log.GetProperty("timeoutMinutes").GetInt32());
        Assert.False(log.GetProperty("slotReleased").GetBoolean());
        Assert.True(log.GetProperty("notificationSent").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, log.GetProperty("createdBy").ValueKind);

        var patient = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/patients/{flow.PatientId}"));
        Assert.Equal(1, patient.GetProperty("noShowCount").GetInt32());
    }

    [Fact]
    public async Task LogsPageWithLimitOffsetAndTotal()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var page = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/logs?limit=10&offset=0"));
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Equal(10, page.GetProperty("limit").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/no-show/logs?limit=0"));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/no-show/logs?limit=501"));
    }

    [Fact]
    public async Task APatientSeesOnlyTheirOwnAppointments()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(2).UtcDateTime).ToString("yyyy-MM-dd");
        var booked = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, appointmentDate = date, startTime = "12:00" }));
        var stranger = cluster.Http(flow.TenantId, Roles.Patient);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "appointment_not_found",
            await stranger.GetAsync($"/api/v1/appointments/{booked.GetProperty("id").GetString()}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "not_own_patient_record", await stranger.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, appointmentDate = date, startTime = "12:30" }));
    }

    [Fact]
    public async Task DocsAndHealthAreServed()
    {
        var anonymous = cluster.HttpWithToken(null);
        var document = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.GetAsync("/openapi/v1.json"));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/appointments", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/no-show/logs", out _));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/docs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var ready = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.GetAsync("/health/ready"));
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        // Anonymous probes answer statuses only: no descriptions naming silos, hosts or errors.
        Assert.NotEmpty(ready.GetProperty("checks").EnumerateObject());
        Assert.All(ready.GetProperty("checks").EnumerateObject(), check => Assert.Equal(["status"], check.Value.EnumerateObject().Select(p => p.Name)));
    }
}
