using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Api;

/// <summary>
/// The hotel over HTTP: register, rooms, booking (409 when full), stay and folio, invoices; the job
/// executions routes; the manual trigger; the cron routes (secret, every hotel, one failing hotel, run twice).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HotelApiTests(ApiFixture cluster)
{
    private sealed record Hotel(string Id, HttpClient Admin, HttpClient Desk, string RoomTypeId);

    private async Task<Hotel> HotelAsync(int rooms = 1, object? settings = null)
    {
        var id = "hotel-" + Guid.NewGuid().ToString("N")[..12];
        var admin = cluster.Http(id, Roles.HotelAdmin);
        await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels",
            new { name = "Hotel " + id, timeZone = "Europe/Berlin", settings }));
        var type = await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels/current/room-types",
            new { code = "dbl", name = "Double", nightlyRate = 99.5, currency = "eur" }));
        for (var n = 1; n <= rooms; n++)
        {
            await ApiFlow.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hotels/current/rooms",
                new { number = $"{100 + n}", roomTypeId = type.GetProperty("id").GetString(), floor = 1 }));
        }
        return new Hotel(id, admin, cluster.Http(id, Roles.FrontDesk), type.GetProperty("id").GetString()!);
    }

    private string Day(int days) => DateOnly.FromDateTime(cluster.Clock.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd");

    private static Task<HttpResponseMessage> BookAsync(Hotel hotel, string arrival, string departure) =>
        hotel.Desk.PostAsJsonAsync("/api/v1/hotels/current/reservations",
            new { guestName = "Ada Lovelace", guestEmail = "ada@example.org", roomTypeId = hotel.RoomTypeId, arrivalDate = arrival, departureDate = departure });

    [Fact]
    public async Task AStayFromBookingToInvoice()
    {
        var hotel = await HotelAsync(settings: new { noShowCutoff = "18:00", feePolicy = "FLAT", flatFee = 40 });
        var current = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.GetAsync("/api/v1/hotels/current"));
        Assert.Equal(("18:00", "FLAT", "DBL", "EUR"), (current.GetProperty("settings").GetProperty("noShowCutoff").GetString(),
            current.GetProperty("settings").GetProperty("feePolicy").GetString(), current.GetProperty("roomTypes")[0].GetProperty("code").GetString(),
            current.GetProperty("roomTypes")[0].GetProperty("currency").GetString()));

        var booked = await ApiFlow.Expect(HttpStatusCode.Created, await BookAsync(hotel, Day(1), Day(3)));
        Assert.Equal(("CONFIRMED", 2, 99.5m), (booked.GetProperty("status").GetString(), booked.GetProperty("nights").GetInt32(),
            booked.GetProperty("nightlyRate").GetDecimal()));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "no_availability", await BookAsync(hotel, Day(2), Day(4)));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "invalid_stay", await BookAsync(hotel, Day(3), Day(2)));
        var availability = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.GetAsync($"/api/v1/hotels/current/availability?from={Day(1)}&to={Day(3)}"));
        Assert.Equal([(1, 0), (1, 0), (0, 1)], availability.EnumerateArray().Select(d => (d.GetProperty("occupiedRooms").GetInt32(), d.GetProperty("availableRooms").GetInt32())));

        var id = booked.GetProperty("id").GetString();
        var moved = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.PatchAsJsonAsync($"/api/v1/hotels/current/reservations/{id}",
            new { arrivalDate = Day(0), departureDate = Day(1) }));
        Assert.Equal(Day(0), moved.GetProperty("arrivalDate").GetString());
        var checkedIn = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.PostAsync($"/api/v1/hotels/current/reservations/{id}/check-in", null));
        Assert.Equal("CHECKED_IN", checkedIn.GetProperty("status").GetString());
        await ApiFlow.Expect(HttpStatusCode.Created, await hotel.Desk.PostAsJsonAsync($"/api/v1/hotels/current/folios/{id}/charges",
            new { kind = "FOOD_BEVERAGE", description = "Dinner", amount = 30.5 }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await hotel.Desk.PostAsJsonAsync($"/api/v1/hotels/current/folios/{id}/charges",
            new { kind = "NO_SHOW_FEE", description = "Sneaky", amount = 10 }));
        await ApiFlow.Expect(HttpStatusCode.Created, await hotel.Desk.PostAsJsonAsync($"/api/v1/hotels/current/folios/{id}/payments", new { method = "CARD", amount = 130 }));
        await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.PostAsync($"/api/v1/hotels/current/reservations/{id}/check-out", null));

        var invoices = await Eventually.Until(async () => await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.GetAsync("/api/v1/hotels/current/invoices")),
            page => page.GetProperty("total").GetInt32() == 1, what: "the check-out's invoice");
        var invoice = invoices.GetProperty("data")[0];
        Assert.Equal(($"INV-{DateTime.UtcNow.Year}-000001", 130m, "PAID"), (invoice.GetProperty("invoiceNumber").GetString(),
            invoice.GetProperty("totalAmount").GetDecimal(), invoice.GetProperty("paymentStatus").GetString()));
        var folio = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.GetAsync($"/api/v1/hotels/current/folios/{id}"));
        Assert.Equal(("COMPLETED", 0m), (folio.GetProperty("status").GetString(), folio.GetProperty("balance").GetDecimal()));
        var list = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Desk.GetAsync("/api/v1/hotels/current/reservations?status=CHECKED_OUT"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(hotel.Id, Roles.Housekeeper)
            .PostAsJsonAsync("/api/v1/hotels/current/reservations", new { }));
    }

    [Fact]
    public async Task ATriggeredJobIsAnExecutionTheHotelAloneCanRead()
    {
        var hotel = await HotelAsync();
        var other = await HotelAsync();
        var run = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.PostAsync("/api/jobs/trigger/recalc-availability", null));
        Assert.True(run.GetProperty("success").GetBoolean(), run.ToString());
        var job = run.GetProperty("job");
        Assert.Equal(("recalc-availability", hotel.Id, "COMPLETED", "manual"), (job.GetProperty("jobName").GetString(), job.GetProperty("hotelId").GetString(),
            job.GetProperty("status").GetString(), job.GetProperty("source").GetString()));
        Assert.Equal(90, job.GetProperty("metadata").GetProperty("rowsChecked").GetInt32());
        Assert.Equal(1, run.GetProperty("result").GetProperty("roomsProcessed").GetInt32());
        var id = job.GetProperty("id").GetString();

        var one = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.GetAsync($"/api/jobs/{id}"));
        Assert.Equal(job.GetProperty("startedAt").GetDateTimeOffset(), one.GetProperty("startedAt").GetDateTimeOffset());
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "job_not_found", await other.Admin.GetAsync($"/api/jobs/{id}"));
        var list = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.GetAsync($"/api/jobs?jobName=recalc-availability&status=COMPLETED&startDate={Day(-1)}&limit=5"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(id, list.GetProperty("jobs")[0].GetProperty("id").GetString());
        Assert.Equal(0, (await ApiFlow.Expect(HttpStatusCode.OK, await other.Admin.GetAsync("/api/jobs?jobName=recalc-availability"))).GetProperty("total").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await hotel.Admin.GetAsync("/api/jobs?status=DONE"));

        var stats = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.GetAsync("/api/jobs/stats"));
        Assert.Equal(("30_days", 100.0), (stats.GetProperty("period").GetString(), stats.GetProperty("successRate").GetDouble()));
        Assert.True(stats.GetProperty("totalJobs").GetInt32() >= 1);
        var recalc = stats.GetProperty("byJob").EnumerateArray().Single(j => j.GetProperty("jobName").GetString() == "recalc-availability");
        Assert.Equal((1, 1, 0), (recalc.GetProperty("total").GetInt32(), recalc.GetProperty("completed").GetInt32(), recalc.GetProperty("failed").GetInt32()));

        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "job_not_found", await hotel.Admin.PostAsync("/api/jobs/trigger/daily-housekeeping-round", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await hotel.Desk.PostAsync("/api/jobs/trigger/recalc-availability", null));

        var moved = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.PutAsJsonAsync("/api/v1/hotels/current/jobs/maintenance-schedule",
            new { localTime = "03:30", weekday = "SUNDAY" }));
        Assert.Equal(("03:30", "SUNDAY"), (moved.GetProperty("localTime").GetString(), moved.GetProperty("weekday").GetString()));
        Assert.Equal(DayOfWeek.Sunday, TimeZoneInfo.ConvertTime(moved.GetProperty("nextRunAt").GetDateTimeOffset(), ZonedTime.Zone("Europe/Berlin")).DayOfWeek);
        var jobs = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.Admin.GetAsync("/api/v1/hotels/current/jobs"));
        Assert.Equal(5, jobs.GetArrayLength());
    }

    private static HttpRequestMessage Cron(string job, string? bearer) =>
        new(HttpMethod.Post, $"/api/cron/{job}") { Headers = { Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer) } };

    [Fact]
    public async Task TheCronRoutesRunAJobForEveryHotelEachOnItsOwn()
    {
        var anonymous = cluster.HttpWithToken(null);
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret", await anonymous.SendAsync(Cron("generate-invoices", null)));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_cron_secret", await anonymous.SendAsync(Cron("generate-invoices", "wrong")));

        var healthy = await HotelAsync();
        var failing = await HotelAsync();
        // A completed folio the read model names but no reservation holds: that hotel's invoice run fails.
        await TestPostgres.ExecuteAsync(cluster.ConnectionString, """
            INSERT INTO hotel_reservations (id, hotel_id, status, room_type_id, arrival, departure, nights_held, cutoff_at, folio_status,
                folio_total, folio_balance, data, version)
            VALUES ($1, $2, 'CHECKED_OUT', $3, '2026-01-01', '2026-01-02', false, now(), 'COMPLETED', 0, 0, '{}', 1)
            """, Guid.NewGuid(), failing.Id, Guid.Parse(failing.RoomTypeId));
        var hotels = await TestPostgres.ScalarAsync<long>(cluster.ConnectionString, "SELECT count(*) FROM hotels");

        var first = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.SendAsync(Cron("generate-invoices", ApiFixture.CronSecret)));
        var results = first.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("hotelId").GetString()!);
        Assert.Equal(hotels, results.Count);
        Assert.Equal("COMPLETED", results[healthy.Id].GetProperty("status").GetString());
        Assert.Equal(0, results[healthy.Id].GetProperty("result").GetProperty("invoicesGenerated").GetInt32());
        Assert.Equal("FAILED", results[failing.Id].GetProperty("status").GetString());
        Assert.Contains("does not exist", results[failing.Id].GetProperty("error").GetString());
        Assert.Equal(hotels, first.GetProperty("succeeded").GetInt32() + first.GetProperty("failed").GetInt32());
        var execution = await ApiFlow.Expect(HttpStatusCode.OK, await failing.Admin.GetAsync($"/api/jobs/{results[failing.Id].GetProperty("jobId").GetString()}"));
        Assert.Equal(("FAILED", "cron"), (execution.GetProperty("status").GetString(), execution.GetProperty("source").GetString()));

        var second = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.SendAsync(Cron("daily-housekeeping", ApiFixture.CronSecret)));
        var again = await ApiFlow.Expect(HttpStatusCode.OK, await anonymous.SendAsync(Cron("daily-housekeeping", ApiFixture.CronSecret)));
        var round = Result(again, healthy.Id);
        Assert.True(round.GetProperty("repeated").GetBoolean()); // one round per hotel and local date
        Assert.Equal(0, round.GetProperty("tasksCreated").GetInt32());
        Assert.Equal(Result(second, healthy.Id).GetProperty("date").GetString(), round.GetProperty("date").GetString());
    }

    private static JsonElement Result(JsonElement cron, string hotelId) =>
        cron.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("hotelId").GetString() == hotelId).GetProperty("result");

    [Fact]
    public async Task AnUnsetSecretDisablesTheHotelCronRoutes()
    {
        await using var withoutSecret = cluster.Api.WithWebHostBuilder(web => web.UseSetting("CRON_SECRET", ""));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "trigger_disabled",
            await withoutSecret.CreateClient().SendAsync(Cron("check-no-shows", ApiFixture.CronSecret)));
    }
}
