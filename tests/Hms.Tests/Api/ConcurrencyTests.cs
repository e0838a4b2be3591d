using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// Bookings fired at the API all at once: the atomic rules (one slot, one patient's time, the
/// doctor's daily maximum) hold under contention, and every loser gets its own 409 problem.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(ApiFixture cluster)
{
    /// <summary>Two days from the fake clock's today in the flow's hospital zone (Europe/Berlin).</summary>
    private DateOnly InTwoDays() => ZonedTime.Today(cluster.Clock.GetUtcNow(), ZonedTime.Zone("Europe/Berlin")).AddDays(2);

    private static Task<HttpResponseMessage> PostBookingAsync(ApiFlow flow, string patientId, string doctorId, DateOnly date, TimeOnly start) =>
        flow.Admin.PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId, doctorId, appointmentDate = date.ToString("yyyy-MM-dd"), startTime = start.ToString("HH:mm"),
        });

    private static async Task<JsonElement[]> SlotsAsync(ApiFlow flow, string doctorId, DateOnly date) =>
        [.. (await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{doctorId}/date/{date:yyyy-MM-dd}")).EnumerateArray()];

    /// <summary>The ids of the created appointments; asserts every other response is a 409 problem with <paramref name="code"/>.</summary>
    private static async Task<List<string>> WinnersAsync(HttpResponseMessage[] responses, string code)
    {
        var winners = new List<string>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                winners.Add((await ApiFlow.Expect(HttpStatusCode.Created, response)).GetProperty("id").GetString()!);
            }
            else
            {
                await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, code, response);
            }
        }
        return winners;
    }

    [Fact]
    public async Task FiftyPatientsRacingForOneSlotLeaveOneBookingAndFortyNineSlotTaken()
    {
        var flow = await ApiFlow.CreateAsync(cluster, slotDuration: 30);
        var patients = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => flow.AddPatientAsync()));
        var (date, start) = (InTwoDays(), new TimeOnly(10, 0));

        var responses = await Task.WhenAll(patients.Select(p => PostBookingAsync(flow, p, flow.DoctorId, date, start)));

        var winner = Assert.Single(await WinnersAsync(responses, "slot_taken"));
        var slot = Assert.Single(await SlotsAsync(flow, flow.DoctorId, date), s => s.GetProperty("startTime").GetString() == "10:00");
        Assert.True(slot.GetProperty("isBooked").GetBoolean());
        Assert.Equal(winner, slot.GetProperty("appointmentId").GetString());
    }

    [Fact]
    public async Task AHundredBookingsOfADayWithTenPlacesLeaveTenBooked()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        // Five-minute slots all day: 287 of them; the hundred asked for run from 08:00 to 16:15.
        var doctorId = await flow.AddDoctorAsync(slotDuration: 5, maxPatientsPerDay: 10);
        var patients = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => flow.AddPatientAsync()));
        var date = InTwoDays();

        var responses = await Task.WhenAll(patients.Select((p, i) =>
            PostBookingAsync(flow, p, doctorId, date, new TimeOnly(8, 0).AddMinutes(5 * i))));

        var winners = await WinnersAsync(responses, "doctor_day_full");
        Assert.Equal(10, winners.Count);
        var booked = (await SlotsAsync(flow, doctorId, date)).Where(s => s.GetProperty("isBooked").GetBoolean()).ToList();
        Assert.Equal(10, booked.Count);
        Assert.Equal(winners.Order(), booked.Select(s => s.GetProperty("appointmentId").GetString()!).Order());
    }

    [Fact]
    public async Task OnePatientRacingTwentyDoctorsForOneTimeKeepsOneBooking()
    {
        var flow = await ApiFlow.CreateAsync(cluster, slotDuration: 30);
        var doctors = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => flow.AddDoctorAsync(slotDuration: 30)));
        var (date, start) = (InTwoDays(), new TimeOnly(10, 0));

        var responses = await Task.WhenAll(doctors.Select(d => PostBookingAsync(flow, flow.PatientId, d, date, start)));

        var winner = Assert.Single(await WinnersAsync(responses, "patient_double_booked"));
        // The losers' slots were given back: of the twenty doctors' 10:00 slots only the winner's is booked.
        var tenOClock = await Task.WhenAll(doctors.Select(async d =>
            (await SlotsAsync(flow, d, date)).Single(s => s.GetProperty("startTime").GetString() == "10:00")));
        var booked = Assert.Single(tenOClock, s => s.GetProperty("isBooked").GetBoolean());
        Assert.Equal(winner, booked.GetProperty("appointmentId").GetString());
    }
}
