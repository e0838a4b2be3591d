using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class DoctorApiTests(ApiFixture cluster)
{
    [Fact]
    public async Task ADoctorRegisteredWithoutSettingsHasThirtyMinuteSlotsAndThirtyPatientsADay()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var days = Enum.GetNames<DayOfWeek>().Select(d => new { dayOfWeek = d.ToUpperInvariant(), startTime = "00:00", endTime = "23:59" });
        var doctor = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/doctors",
            new { firstName = "Default", lastName = "Settings", schedules = days }));
        Assert.Equal((30, 30), (doctor.GetProperty("slotDuration").GetInt32(), doctor.GetProperty("maxPatientsPerDay").GetInt32()));
        var doctorId = doctor.GetProperty("id").GetString()!;

        // Two days ahead, 47 slots of 30 minutes: the first 30 are booked, the 31st patient finds the day full.
        var date = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(2).UtcDateTime);
        var slots = await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{doctorId}/date/{date:yyyy-MM-dd}");
        Assert.Equal(47, slots.GetArrayLength());
        Assert.Equal(("00:00", "00:30"), (slots[0].GetProperty("startTime").GetString(), slots[0].GetProperty("endTime").GetString()));
        for (var i = 0; i < 30; i++)
        {
            await flow.BookAsync(await flow.AddPatientAsync(), doctorId, date, new TimeOnly(0, 0).AddMinutes(30 * i));
        }
        var full = await flow.Admin.PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId = await flow.AddPatientAsync(), doctorId, appointmentDate = date.ToString("yyyy-MM-dd"), startTime = "15:00",
        });
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "doctor_day_full", full);
    }

    [Fact]
    public async Task ADoctorTokenChangesItsOwnDoctorsAbsencesButIsRefusedAnotherDoctors()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var days = Enum.GetNames<DayOfWeek>().Select(d => new { dayOfWeek = d.ToUpperInvariant(), startTime = "08:00", endTime = "16:00" });
        var own = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/doctors",
            new { firstName = "Asha", lastName = "Own", schedules = days, userId = "dr-asha" }));
        Assert.Equal("dr-asha", own.GetProperty("userId").GetString());
        var asha = cluster.HttpFor(flow.TenantId, "dr-asha", Roles.Doctor);
        var date = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(5).UtcDateTime).ToString("yyyy-MM-dd");
        var emergency = new { absenceType = "EMERGENCY", startDate = date, endDate = date };

        // flow.DoctorId is not linked to dr-asha: its day is not hers to cancel, and it stays without absences.
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "not_own_schedule",
            await asha.PostAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}/absences", emergency));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "not_own_schedule",
            await asha.PutAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}/schedules", new { schedules = days }));
        var other = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/doctors/{flow.DoctorId}"));
        Assert.Equal(0, other.GetProperty("absences").GetArrayLength());

        var ownId = own.GetProperty("id").GetString()!;
        await ApiFlow.Expect(HttpStatusCode.Created, await asha.PostAsJsonAsync($"/api/v1/doctors/{ownId}/absences", emergency));

        // The admin moves the link; then the other doctor's day is hers, and her old one is not.
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/doctors/{ownId}", new { userId = "" }));
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}", new { userId = "dr-asha" }));
        await ApiFlow.Expect(HttpStatusCode.Created, await asha.PostAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}/absences", emergency));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "not_own_schedule",
            await asha.PutAsJsonAsync($"/api/v1/doctors/{ownId}/schedules", new { schedules = days }));
    }
}
