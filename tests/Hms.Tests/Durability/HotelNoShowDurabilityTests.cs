using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>A reservation's no-show cut-off on PostgreSQL with real silo processes: at the second, once, through a crash.</summary>
[Trait("Category", "Durability")]
public sealed class HotelNoShowDurabilityTests
{
    private const string NoShows = "SELECT count(*) FROM hotel_no_shows WHERE reservation_id = $1";
    private const string Status = "SELECT count(*) FROM hotel_reservations WHERE id = $1 AND status = $2";
    private const string FeeOnce = "SELECT count(*) FROM hotel_reservations WHERE id = $1 AND folio_total = 80";
    private const string Runs = "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name = 'reservation-no-show' AND status = 'COMPLETED'";
    private const string Notices = "SELECT count(*) FROM notifications WHERE type = $2 AND metadata->>'reservationId' = $1::text";

    /// <summary>
    /// A UTC hotel warmed up by a first booking, then its cut-off set to the next minute at least
    /// <paramref name="lead"/> away and a reservation booked for that day (the deadline is chosen last).
    /// </summary>
    private static async Task<(Guid Id, DateTimeOffset CutoffAt)> BookAsync(PostgresDeployment deployment, TimeSpan lead)
    {
        var hotelId = "hotel-" + Guid.NewGuid().ToString("N")[..12];
        var admin = deployment.Http(hotelId, [Roles.HotelAdmin, Roles.FrontDesk]);
        await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels",
            new { name = "Hotel " + hotelId, timeZone = "Etc/UTC", settings = new { feePolicy = "FIRST_NIGHT" } }));
        await ApiFlow.Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/v1/hotels/current/staff/desk-{hotelId}",
            new { name = "Dev Desk", roles = new[] { Roles.FrontDesk }, email = "desk@example.org" }));
        var type = (await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels/current/room-types",
            new { code = "DBL", name = "Double", nightlyRate = 80, currency = "EUR" }))).GetProperty("id").GetString();
        await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels/current/rooms", new { number = "101", roomTypeId = type }));
        await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels/current/rooms", new { number = "102", roomTypeId = type }));
        await Book(admin, type!, DateTimeOffset.UtcNow.AddDays(3)); // warm-up

        var (_, _, cutoff) = MinuteDeadline.Next(lead);
        await ApiFlow.Expect(HttpStatusCode.OK, await admin.PatchAsJsonAsync("/api/v1/hotels/current",
            new { settings = new { noShowCutoff = cutoff.ToString("HH:mm") } }));
        var booked = await Book(admin, type!, cutoff);
        Assert.Equal(cutoff, booked.GetProperty("cutoffAt").GetDateTimeOffset());
        return (booked.GetProperty("id").GetGuid(), cutoff);
    }

    private static async Task<System.Text.Json.JsonElement> Book(HttpClient desk, string type, DateTimeOffset arrival) =>
        await ApiFlow.Expect(HttpStatusCode.Created, await desk.PostAsJsonAsync("/api/v1/hotels/current/reservations", new
        {
            guestName = "Ada Lovelace", guestEmail = "ada@example.org", roomTypeId = type, arrivalDate = arrival.ToString("yyyy-MM-dd"),
            departureDate = arrival.AddDays(2).ToString("yyyy-MM-dd"),
        }));

    [Fact]
    public async Task AReservationIsANoShowWithinSecondsOfItsCutoffExactlyOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        await deployment.StartSilo().WaitReadyAsync();
        var (id, cutoff) = await BookAsync(deployment, TimeSpan.FromSeconds(15));

        await MinuteDeadline.Until(cutoff);
        await Eventually.Until(() => deployment.CountAsync(Status, id, "NO_SHOW"), n => n == 1, TimeSpan.FromSeconds(5),
            $"NO_SHOW within 5 s of {cutoff:O}\n{deployment.SiloLogs}");
        var lateness = await TestPostgres.ScalarAsync<double>(deployment.ConnectionString,
            "SELECT lateness_ms FROM job_runs WHERE subject_id = $1::text AND job_name = 'reservation-no-show'", id.ToString());
        Assert.InRange(lateness, 0, 5000);

        await deployment.NoRemindersLeftAsync([id], "the cut-off disarmed");
        Assert.Equal((1, 1, 1), (await deployment.CountAsync(NoShows, id), await deployment.CountAsync(Runs, id), await deployment.CountAsync(FeeOnce, id)));
        await Eventually.Until(() => deployment.CountAsync(Notices, id, "HOTEL_NO_SHOW_GUEST"), n => n == 1, TimeSpan.FromSeconds(10), "the guest told");
        await Eventually.Until(() => deployment.CountAsync(Notices, id, "HOTEL_NO_SHOW"), n => n == 1, TimeSpan.FromSeconds(10), "the front desk told");
    }

    [Fact]
    public async Task ASiloKilledBeforeTheCutoffAndRestartedAfterItStillMarksTheNoShowOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var first = deployment.StartSilo();
        await first.WaitReadyAsync();
        var (id, cutoff) = await BookAsync(deployment, TimeSpan.FromSeconds(15));

        first.Kill();
        Assert.True(DateTimeOffset.UtcNow < cutoff, "the silo must die before the cut-off");
        await MinuteDeadline.Until(cutoff.AddSeconds(2));
        Assert.Equal(1, await deployment.CountAsync(Status, id, "CONFIRMED"));

        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort);
        await second.WaitReadyAsync();
        await Eventually.Until(() => deployment.CountAsync(Status, id, "NO_SHOW"), n => n == 1, TimeSpan.FromSeconds(30),
            "NO_SHOW after the restart\n" + deployment.SiloLogs);

        await deployment.NoRemindersLeftAsync([id], "the cut-off disarmed");
        Assert.Equal((1, 1, 1), (await deployment.CountAsync(NoShows, id), await deployment.CountAsync(Runs, id), await deployment.CountAsync(FeeOnce, id)));

        // The cron backup finds nothing left to do, and the fee stays posted once.
        // A scheduler retries a call the API answers with 503 while its cluster client reconnects to the restarted gateway.
        var anonymous = deployment.Anonymous();
        var answer = await Eventually.Until(async () =>
        {
            var cron = new HttpRequestMessage(HttpMethod.Post, "/api/cron/check-no-shows");
            cron.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PostgresDeployment.CronSecret);
            var response = await anonymous.SendAsync(cron);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "the API reaches the restarted silo");
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{answer.StatusCode}: {answer.Body}");
        var pass = System.Text.Json.JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(0, pass.GetProperty("failed").GetInt32());
        Assert.All(pass.GetProperty("results").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("result").GetProperty("noShowsDetected").GetInt32()));
        Assert.Equal((1, 1), (await deployment.CountAsync(NoShows, id), await deployment.CountAsync(FeeOnce, id)));
    }
}
