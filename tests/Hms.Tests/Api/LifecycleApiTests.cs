using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>The appointment, patient, consultation and manual NO_SHOW routes over HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed class LifecycleApiTests(ApiFixture cluster)
{
    private string Day(int daysAhead) => DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(daysAhead).UtcDateTime).ToString("yyyy-MM-dd");

    private static async Task<string> BookAsync(ApiFlow flow, string date, string start, string? patientId = null) =>
        (await flow.BookAsync(patientId ?? flow.PatientId, flow.DoctorId, DateOnly.Parse(date), TimeOnly.Parse(start))).ToString();

    [Fact]
    public async Task AppointmentsListWithFiltersPagingAndTotal()
    {
        var flow = await ApiFlow.CreateAsync(cluster, slotDuration: 30);
        var other = await flow.AddPatientAsync();
        var (d2, d3) = (Day(2), Day(3));
        var first = await BookAsync(flow, d2, "09:00");
        await BookAsync(flow, d2, "10:00", other);
        await BookAsync(flow, d3, "11:00");
        await flow.Admin.DeleteAsync($"/api/v1/appointments/{first}");

        var all = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/appointments"));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var mine = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments?patientId={flow.PatientId}&status=SCHEDULED"));
        Assert.Equal(1, mine.GetProperty("total").GetInt32());
        Assert.Equal("11:00", mine.GetProperty("data")[0].GetProperty("startTime").GetString());
        var onDay2 = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments?from={d2}&to={d2}&doctorId={flow.DoctorId}"));
        Assert.Equal(2, onDay2.GetProperty("total").GetInt32());
        var page = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/appointments?limit=1&offset=1"));
        Assert.Equal((3, 1), (page.GetProperty("total").GetInt32(), page.GetProperty("data").GetArrayLength()));
        Assert.Equal("10:00", page.GetProperty("data")[0].GetProperty("startTime").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/appointments?status=LOST"));
    }

    [Fact]
    public async Task APatientUserListsOnlyTheirOwnAppointments()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var user = "patient-" + Guid.NewGuid().ToString("N")[..8];
        var own = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/patients",
            new { firstName = "Own", lastName = "Record", mrn = "MRN-" + user, userId = user }));
        var ownId = own.GetProperty("id").GetString()!;
        await BookAsync(flow, Day(2), "09:00");
        var patient = cluster.HttpFor(flow.TenantId, user, Roles.Patient);
        var booked = await ApiFlow.Expect(HttpStatusCode.Created, await patient.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = ownId, doctorId = flow.DoctorId, appointmentDate = Day(2), startTime = "10:00" }));

        var list = await ApiFlow.Expect(HttpStatusCode.OK, await patient.GetAsync("/api/v1/appointments"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(booked.GetProperty("id").GetString(), list.GetProperty("data")[0].GetProperty("id").GetString());
        await ApiFlow.Expect(HttpStatusCode.OK, await patient.GetAsync($"/api/v1/patients/{ownId}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "patient_not_found", await patient.GetAsync($"/api/v1/patients/{flow.PatientId}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await patient.GetAsync("/api/v1/patients"));
    }

    [Fact]
    public async Task RescheduleStatusCancelCheckInAndVitalsOverHttp()
    {
        var flow = await ApiFlow.CreateAsync(cluster, slotDuration: 30);
        var id = await BookAsync(flow, Day(2), "09:00");

        var moved = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{id}",
            new { appointmentDate = Day(3), startTime = "14:30" }));
        Assert.Equal(("14:30", "15:00"), (moved.GetProperty("startTime").GetString(), moved.GetProperty("endTime").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "not_a_slot", await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{id}",
            new { appointmentDate = Day(3), startTime = "14:10" }));

        var confirmed = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{id}/status", new { status = "CONFIRMED" }));
        Assert.Equal("CONFIRMED", confirmed.GetProperty("status").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "invalid_status_transition",
            await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{id}/status", new { status = "SCHEDULED" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "invalid_status_for_vitals",
            await flow.Admin.PostAsJsonAsync($"/api/v1/appointments/{id}/vitals", new { heartRate = 70 }));
        var checkedIn = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/appointments/{id}/check-in", null));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, checkedIn.GetProperty("checkedInAt").ValueKind);
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsJsonAsync($"/api/v1/appointments/{id}/vitals", new { heartRate = 900 }));
        var vitals = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsJsonAsync($"/api/v1/appointments/{id}/vitals",
            new { systolicBp = 120, diastolicBp = 80, heartRate = 70, temperatureC = 36.9 }));
        Assert.Equal(70, vitals.GetProperty("vitals").GetProperty("heartRate").GetInt32());

        var cancelled = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"/api/v1/appointments/{id}?reason=Left%20early"));
        Assert.Equal(("CANCELLED", "Left early"), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("notes").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "invalid_status_transition", await flow.Admin.DeleteAsync($"/api/v1/appointments/{id}"));
    }

    [Fact]
    public async Task ManualNoShowAnswersWithTheLogAndRefusesAutoTimeout()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var id = await BookAsync(flow, Day(2), "09:00");

        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{id}", new { reason = "AUTO_TIMEOUT" }));
        var marked = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{id}",
            new { reason = "PATIENT_CALLED", notes = "Called to cancel late" }));

        Assert.Equal("PATIENT_CALLED", marked.GetProperty("log").GetProperty("reason").GetString());
        Assert.True(marked.GetProperty("log").GetProperty("slotReleased").GetBoolean());
        Assert.Equal("NO_SHOW", marked.GetProperty("appointment").GetProperty("status").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "invalid_status_transition",
            await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{id}", new { reason = "MANUAL_STAFF" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Patient).PostAsJsonAsync($"/api/v1/no-show/{id}", new { reason = "MANUAL_STAFF" }));
    }

    [Fact]
    public async Task PatientsListSearchUnblockAndUniqueMrn()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var mrn = "MRN-" + Guid.NewGuid().ToString("N")[..8];
        await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/patients",
            new { firstName = "Zara", lastName = "Quill", mrn }));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "mrn_exists", await flow.Admin.PostAsJsonAsync("/api/v1/patients",
            new { firstName = "Other", lastName = "Person", mrn = mrn.ToLowerInvariant() }));

        var found = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/patients?search=quil"));
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal("Zara", found.GetProperty("data")[0].GetProperty("firstName").GetString());
        var everyone = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/patients?status=ACTIVE"));
        Assert.Equal(2, everyone.GetProperty("total").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "patient_not_blocked", await flow.Admin.PostAsync($"/api/v1/patients/{flow.PatientId}/unblock", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Receptionist).PostAsync($"/api/v1/patients/{flow.PatientId}/unblock", null));
    }

    [Fact]
    public async Task ABlockedPatientIsUnblockedByAnAdminAndCanBookAgain()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        for (var hour = 9; hour < 12; hour++)
        {
            var id = await BookAsync(flow, Day(2), $"{hour:00}:00");
            await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{id}", new { reason = "MANUAL_STAFF" }));
        }
        var blocked = await Eventually.Until(
            async () => await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/patients/{flow.PatientId}")),
            p => p.GetProperty("status").GetString() == "BLOCKED", what: "blocked after 3 no-shows");
        Assert.Equal("Blocked due to 3 no-show appointments", blocked.GetProperty("blockedReason").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "patient_blocked", await flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, appointmentDate = Day(3), startTime = "09:00" }));

        var unblocked = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsync($"/api/v1/patients/{flow.PatientId}/unblock", null));

        Assert.Equal(("ACTIVE", 0), (unblocked.GetProperty("status").GetString(), unblocked.GetProperty("noShowCount").GetInt32()));
        await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, appointmentDate = Day(3), startTime = "09:00" }));
    }

    [Fact]
    public async Task AConsultationOverHttpCompletesItsAppointment()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var id = await BookAsync(flow, Day(1), "09:00");
        await flow.Admin.PostAsync($"/api/v1/appointments/{id}/check-in", null);
        var doctor = cluster.Http(flow.TenantId, Roles.Doctor);

        var started = await ApiFlow.Expect(HttpStatusCode.Created, await doctor.PostAsJsonAsync("/api/v1/consultations",
            new { appointmentId = id, chiefComplaint = "Headache" }));
        Assert.Equal(("STARTED", id), (started.GetProperty("status").GetString(), started.GetProperty("id").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "consultation_incomplete", await doctor.PostAsync($"/api/v1/consultations/{id}/complete", null));
        await ApiFlow.Expect(HttpStatusCode.OK, await doctor.PatchAsJsonAsync($"/api/v1/consultations/{id}",
            new { diagnoses = new[] { new { code = "G44.2", description = "Tension-type headache" } } }));
        var otherDoctor = await flow.AddDoctorAsync(slotDuration: 30);
        var withConsultant = await ApiFlow.Expect(HttpStatusCode.OK, await doctor.PostAsJsonAsync($"/api/v1/consultations/{id}/participants",
            new { doctorId = otherDoctor, role = "CONSULTING" }));
        Assert.Equal(2, withConsultant.GetProperty("participants").GetArrayLength());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "primary_doctor", await doctor.PostAsJsonAsync($"/api/v1/consultations/{id}/participants",
            new { doctorId = flow.DoctorId, role = "ASSISTING" }));

        var completed = await ApiFlow.Expect(HttpStatusCode.OK, await doctor.PostAsync($"/api/v1/consultations/{id}/complete", null));

        Assert.Equal("COMPLETED", completed.GetProperty("status").GetString());
        var appointment = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{id}"));
        Assert.Equal("COMPLETED", appointment.GetProperty("status").GetString());
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Nurse).PostAsJsonAsync("/api/v1/consultations", new { appointmentId = id }));
    }
}
