using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ProblemTests(ApiFixture cluster)
{
    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    [Fact]
    public async Task MalformedJsonIsAProblemNotACrash()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "malformed_request",
            await flow.Admin.PostAsync("/api/v1/appointments", Json("{\"patientId\": ")));
    }

    [Fact]
    public async Task WrongTypesAreAProblem()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsync("/api/v1/doctors", Json("{\"firstName\":\"A\",\"lastName\":\"B\",\"slotDuration\":\"thirty\"}")));
        Assert.True(problem.GetProperty("errors").TryGetProperty("slotDuration", out _));
        // A number in a string is not a number: the document says integer, and so does the API.
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsync("/api/v1/doctors", Json("{\"firstName\":\"A\",\"lastName\":\"B\",\"slotDuration\":\"30\"}")));
        // An enum is a name, never its number.
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsync("/api/v1/doctors", Json(
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"schedules\":[{\"dayOfWeek\":1,\"startTime\":\"09:00\",\"endTime\":\"17:00\"}]}")));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsync("/api/v1/doctors", Json(
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"schedules\":[{\"dayOfWeek\":\"1\",\"startTime\":\"09:00\",\"endTime\":\"17:00\"}]}")));
    }

    [Fact]
    public async Task ProblemsNameFieldsAndParametersAsTheClientWroteThem()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        // A value of the wrong type, and a field the request does not have, are named with every other bad or missing field.
        var wrongType = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsync("/api/v1/doctors", Json("{\"firstName\":\"A\",\"slotDuration\":\"thirty\",\"slotLength\":30}")));
        var errors = wrongType.GetProperty("errors");
        Assert.Equal("slotDuration must be a whole number (32-bit).", errors.GetProperty("slotDuration")[0].GetString());
        Assert.Equal("slotLength is not a field of this request.", errors.GetProperty("slotLength")[0].GetString());
        Assert.Equal("lastName is required.", errors.GetProperty("lastName")[0].GetString());
        Assert.False(errors.TryGetProperty("firstName", out _));
        var nested = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsync("/api/v1/doctors", Json(
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"schedules\":[{\"dayOfWeek\":\"MONDAY\",\"startTime\":\"9\",\"endTime\":\"17:00\"}]}")));
        Assert.Equal(["schedules[0].startTime"], nested.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal("schedules[0].startTime must be a time (HH:mm).", nested.GetProperty("errors").GetProperty("schedules[0].startTime")[0].GetString());
        // Broken JSON is not a field error.
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "malformed_request",
            await flow.Admin.PostAsync("/api/v1/doctors", Json("{\"firstName\":\"A\",\"slotDuration\":3x}")));
        // Query parameters are named as the client wrote them, with what they must be.
        var parameter = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/patients?limit=many"));
        Assert.Equal("limit must be a whole number (32-bit).", parameter.GetProperty("errors").GetProperty("limit")[0].GetString());
        var date = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/appointments?From=yesterday"));
        Assert.Equal("from must be a date (yyyy-MM-dd).", date.GetProperty("errors").GetProperty("from")[0].GetString());
        var status = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/appointments?status=LOST"));
        Assert.StartsWith("status must be one of SCHEDULED, CONFIRMED,", status.GetProperty("errors").GetProperty("status")[0].GetString());
        var id = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await flow.Admin.GetAsync("/api/v1/no-show/logs?doctorId=7"));
        Assert.Equal("doctorId must be a UUID.", id.GetProperty("errors").GetProperty("doctorId")[0].GetString());
    }

    [Fact]
    public async Task MissingAndInvalidFieldsAreListedTogether()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsJsonAsync("/api/v1/appointments", new { doctorId = flow.DoctorId, appointmentDate = "2026-13-40", startTime = "9am" }));
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("patientId", out _));
        Assert.True(errors.TryGetProperty("appointmentDate", out _));
        Assert.True(errors.TryGetProperty("startTime", out _));
    }

    [Fact]
    public async Task OutOfRangeNumbersAndOversizedStringsAreRejected()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsJsonAsync("/api/v1/doctors", new { firstName = new string('x', 101), lastName = "B", slotDuration = 0, maxPatientsPerDay = -1 }));
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("firstName", out _));
        Assert.True(errors.TryGetProperty("slotDuration", out _));
        Assert.True(errors.TryGetProperty("maxPatientsPerDay", out _));
    }

    [Fact]
    public async Task UnknownEnumValuesAreRejected()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.PostAsJsonAsync("/api/v1/doctors", new
            {
                firstName = "A", lastName = "B", slotDuration = 30,
                schedules = new[] { new { dayOfWeek = "FUNDAY", startTime = "09:00", endTime = "17:00" } },
            }));
        Assert.True(problem.GetProperty("errors").TryGetProperty("schedules[0].dayOfWeek", out _));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
            await flow.Admin.GetAsync("/api/v1/no-show/logs?reason=FORGOT"));
    }

    [Fact]
    public async Task DomainRulesKeepTheirOwnCodes()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_schedule",
            await flow.Admin.PostAsJsonAsync("/api/v1/doctors", new
            {
                firstName = "A", lastName = "B", slotDuration = 30,
                schedules = new[] { new { dayOfWeek = "MONDAY", startTime = "17:00", endTime = "09:00" } },
            }));
        var other = "h-" + Guid.NewGuid().ToString("N")[..10];
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_time_zone",
            await cluster.Http(other, Roles.HospitalAdmin).PostAsJsonAsync("/api/v1/hospitals", new { name = "X", timeZone = "Mars/Olympus" }));
    }

    [Fact]
    public async Task UnknownRoutesAndIdsAreProblems()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "not_found", await flow.Admin.GetAsync("/api/v1/nothing-here"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "appointment_not_found", await flow.Admin.GetAsync($"/api/v1/appointments/{Guid.NewGuid()}"));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "not_found", await flow.Admin.GetAsync("/api/v1/appointments/not-a-guid"));
    }

    [Fact]
    public async Task ARejectedBookingStoresNothing()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(3).UtcDateTime).ToString("yyyy-MM-dd");
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "not_a_slot", await flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, appointmentDate = date, startTime = "10:10" }));
        var slots = await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{flow.DoctorId}/date/{date}");
        Assert.Equal(47, slots.GetArrayLength()); // 00:00 to 23:00, each 30 minutes, all free
        Assert.All(slots.EnumerateArray(), s => Assert.False(s.GetProperty("isBooked").GetBoolean()));
        var count = await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM appointments WHERE patient_id = $1", Guid.Parse(flow.PatientId));
        Assert.Equal(0, count);
    }
}
