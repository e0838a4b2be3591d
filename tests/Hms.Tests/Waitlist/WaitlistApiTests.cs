using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Waitlist;

/// <summary>
/// The waitlist over HTTP (src/Hms.Api/Waitlist/WaitlistEndpoints.cs): join, see the offer of a cancelled slot,
/// accept or decline it, leave; bad input answered as problems with stable codes; the hospital's offer hold.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WaitlistApiTests(ApiFixture cluster)
{
    private string Day(int ahead) => DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(ahead).UtcDateTime).ToString("yyyy-MM-dd");

    private static async Task<JsonElement> JoinAsync(ApiFlow flow, string patientId, string from, string to) =>
        await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId, doctorId = flow.DoctorId, fromDate = from, toDate = to }));

    private static async Task<JsonElement> WaitlistAsync(ApiFlow flow) =>
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/waitlist?doctorId={flow.DoctorId}"));

    private static JsonElement OpenOffer(JsonElement waitlist) =>
        waitlist.GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("status").GetString() == "OPEN");

    [Fact]
    public async Task ACancelledSlotIsOfferedHeldAndBookedByAcceptingTheOffer()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Day(3);
        var booked = await flow.BookAsync(flow.PatientId, flow.DoctorId, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(10, 0));
        var first = await flow.AddPatientAsync();
        var second = await flow.AddPatientAsync();
        var entry = await JoinAsync(flow, first, Day(1), date);
        Assert.Equal(("WAITING", first), (entry.GetProperty("status").GetString(), entry.GetProperty("patientId").GetString()));
        await JoinAsync(flow, second, date, date);
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "already_waitlisted", await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = first, doctorId = flow.DoctorId, fromDate = date, toDate = date }));

        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"/api/v1/appointments/{booked}"));
        var offer = OpenOffer(await WaitlistAsync(flow));
        Assert.Equal((first, date, "10:00"), (offer.GetProperty("patientId").GetString(), offer.GetProperty("slotDate").GetString(),
            offer.GetProperty("startTime").GetString()));
        var slot = (await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{flow.DoctorId}/date/{date}")).EnumerateArray()
            .Single(s => s.GetProperty("startTime").GetString() == "10:00");
        Assert.Equal((true, false), (slot.GetProperty("isHeld").GetBoolean(), slot.GetProperty("isAvailable").GetBoolean()));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "slot_held", await flow.Admin.PostAsJsonAsync("/api/v1/appointments",
            new { patientId = second, doctorId = flow.DoctorId, appointmentDate = date, startTime = "10:00" }));

        var accept = $"/api/v1/waitlist/{flow.DoctorId}/offers/{offer.GetProperty("id").GetString()}/accept";
        var appointment = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsync(accept, null));
        Assert.Equal((first, "SCHEDULED"), (appointment.GetProperty("patientId").GetString(), appointment.GetProperty("status").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "offer_not_open", await flow.Admin.PostAsync(accept, null));
        var after = await WaitlistAsync(flow);
        Assert.Equal("BOOKED", after.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("patientId").GetString() == first)
            .GetProperty("status").GetString());

        var secondEntry = after.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("patientId").GetString() == second);
        await ApiFlow.Expect(HttpStatusCode.NoContent,
            await flow.Admin.DeleteAsync($"/api/v1/waitlist/{flow.DoctorId}/entries/{secondEntry.GetProperty("id").GetString()}"));
        Assert.Equal("LEFT", (await WaitlistAsync(flow)).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("patientId").GetString() == second).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADeclinedOfferGoesToTheNextInLine()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var date = Day(4);
        var booked = await flow.BookAsync(flow.PatientId, flow.DoctorId, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(9, 30));
        var first = await flow.AddPatientAsync();
        var second = await flow.AddPatientAsync();
        await JoinAsync(flow, first, date, date);
        await JoinAsync(flow, second, date, date);
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"/api/v1/appointments/{booked}"));

        var offer = OpenOffer(await WaitlistAsync(flow));
        var declined = await ApiFlow.Expect(HttpStatusCode.OK,
            await flow.Admin.PostAsync($"/api/v1/waitlist/{flow.DoctorId}/offers/{offer.GetProperty("id").GetString()}/decline", null));
        Assert.Equal("DECLINED", declined.GetProperty("status").GetString());
        Assert.Equal(second, OpenOffer(await WaitlistAsync(flow)).GetProperty("patientId").GetString());
    }

    [Fact]
    public async Task BadInputIsAProblemWithAStableCode()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        async Task Invalid(HttpResponseMessage response, params string[] fields)
        {
            var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", response);
            var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
            Assert.All(fields, f => Assert.Contains(f, named));
        }
        await Invalid(await flow.Admin.PostAsJsonAsync("/api/v1/waitlist", new { }), "patientId", "doctorId", "fromDate", "toDate");
        await Invalid(await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, fromDate = Day(3), toDate = Day(2) }), "toDate");
        await Invalid(await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = flow.PatientId, doctorId = "nope", fromDate = "2026-02-30", toDate = Day(2) }), "doctorId", "fromDate");
        await Invalid(await flow.Admin.GetAsync("/api/v1/waitlist"), "doctorId");
        await Invalid(await flow.Admin.GetAsync("/api/v1/waitlist?doctorId=nope"), "doctorId");
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "date_in_past", await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, fromDate = Day(-2), toDate = Day(2) }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "date_too_far", await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, fromDate = Day(1), toDate = Day(60) }));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "doctor_not_found", await flow.Admin.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = flow.PatientId, doctorId = Guid.NewGuid(), fromDate = Day(1), toDate = Day(2) }));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "offer_not_found",
            await flow.Admin.PostAsync($"/api/v1/waitlist/{flow.DoctorId}/offers/{Guid.NewGuid()}/accept", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "waitlist_entry_not_found",
            await flow.Admin.DeleteAsync($"/api/v1/waitlist/{flow.DoctorId}/entries/{Guid.NewGuid()}"));
        var stranger = cluster.Http(flow.TenantId, Roles.Patient);
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "not_own_patient_record", await stranger.PostAsJsonAsync("/api/v1/waitlist",
            new { patientId = flow.PatientId, doctorId = flow.DoctorId, fromDate = Day(1), toDate = Day(2) }));
        Assert.Empty((await WaitlistAsync(flow)).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task AHospitalHoldsOffersFifteenMinutesUntilItSaysOtherwiseWithinADay()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        static int Minutes(JsonElement hospital) => hospital.GetProperty("settings").GetProperty("waitlistOfferMinutes").GetInt32();
        Assert.Equal(15, Minutes(await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/hospitals/current"))));
        foreach (var bad in new[] { 0, 1441 })
        {
            var problem = await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed",
                await flow.Admin.PatchAsJsonAsync("/api/v1/hospitals/current", new { settings = new { waitlistOfferMinutes = bad } }));
            Assert.True(problem.GetProperty("errors").TryGetProperty("settings.waitlistOfferMinutes", out _), problem.ToString());
        }
        Assert.Equal(30, Minutes(await ApiFlow.Expect(HttpStatusCode.OK,
            await flow.Admin.PatchAsJsonAsync("/api/v1/hospitals/current", new { settings = new { waitlistOfferMinutes = 30 } }))));

        var date = Day(5);
        var booked = await flow.BookAsync(flow.PatientId, flow.DoctorId, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(11, 0));
        await JoinAsync(flow, await flow.AddPatientAsync(), date, date);
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.DeleteAsync($"/api/v1/appointments/{booked}"));
        var offer = OpenOffer(await WaitlistAsync(flow));
        Assert.Equal(TimeSpan.FromMinutes(30), offer.GetProperty("expiresAt").GetDateTimeOffset() - offer.GetProperty("offeredAt").GetDateTimeOffset());
    }
}
