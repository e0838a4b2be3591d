using System.Net;
using System.Text.Json;
using Hms.Appointments;
using Hms.Common;
using Hms.Hotels;
using Hms.Jobs;
using Hms.Notifications;
using Hms.ReadModel;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Collections.Immutable;
using System.Net.Http.Json;

namespace Hms.Tests.Api;

/// <summary>
/// The operators' console routes (src/Hms.Api/Operations/): a tenant's deadlines by kind, runs per hour,
/// firing an overdue deadline through its grain, and retrying a failed run.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OperationsApiTests(ApiFixture cluster)
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");

    /// <summary>The first half-hour boundary after <paramref name="at"/> (Berlin's offset is whole hours, so a local one too).</summary>
    private static DateTimeOffset NextHalfHour(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeSeconds((at.ToUnixTimeSeconds() / 1800 + 1) * 1800);

    /// <summary>Books the 30-minute slot starting at <paramref name="start"/>; its NO_SHOW deadline is the slot's end.</summary>
    private static async Task<(Guid Id, DateTimeOffset DueAt)> BookAtAsync(ApiFlow flow, DateTimeOffset start)
    {
        var local = ZonedTime.ToLocal(start, Berlin);
        var id = await flow.BookAsync(flow.PatientId, flow.DoctorId, DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        return (id, start.AddMinutes(30));
    }

    /// <summary>Appointments in the next <paramref name="count"/> half-hour slots whose NO_SHOW reminder rows are lost: only the read model still knows their deadlines.</summary>
    private async Task<List<(Guid Id, DateTimeOffset DueAt)>> LostNoShowsAsync(ApiFlow flow, int count)
    {
        var first = NextHalfHour(cluster.Clock.GetUtcNow());
        var table = cluster.Silo.Services.GetRequiredService<IReminderTable>();
        var lost = new List<(Guid, DateTimeOffset)>();
        for (var i = 0; i < count; i++)
        {
            var (id, dueAt) = await BookAtAsync(flow, first.AddMinutes(30 * i));
            var grainId = cluster.Client.GetGrain<IAppointmentGrain>(id).GetGrainId();
            var row = await table.ReadRow(grainId, AppointmentDeadlines.NoShow.Name);
            Assert.True(await table.RemoveRow(grainId, AppointmentDeadlines.NoShow.Name, row!.ETag!));
            lost.Add((id, dueAt));
        }
        return lost;
    }

    private static JsonElement Kind(JsonElement overview, string kind) =>
        overview.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == kind);

    private async Task<string> StatusAsync(ApiFlow flow, Guid appointment) =>
        (await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{appointment}"))).GetProperty("status").GetString()!;

    [Fact]
    public async Task TheOverviewCountsNoShowDeadlinesByWhenTheyAreDueAndFireHandlesTheOverdueOne()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var manager = cluster.Http(flow.TenantId, Roles.Manager);
        // One past its deadline by more than the 2-minute grace, one by less: both pending, only the first overdue.
        var lost = await LostNoShowsAsync(flow, 2);
        var ((late, lateDue), (inGrace, inGraceDue)) = (lost[0], lost[1]);
        await cluster.Clock.FlowToAsync(inGraceDue.AddMinutes(1));
        var soonStart = NextHalfHour(cluster.Clock.GetUtcNow());
        var (soon, _) = await BookAtAsync(flow, soonStart); // due within the hour
        var (tomorrow, _) = await BookAtAsync(flow, soonStart.AddDays(1));

        var overview = await ApiFlow.Expect(HttpStatusCode.OK, await manager.GetAsync("/api/v1/operations/deadlines"));
        var noShow = Kind(overview, "NO_SHOW");
        Assert.Equal((4, 1, 1), (noShow.GetProperty("pending").GetInt32(), noShow.GetProperty("dueNextHour").GetInt32(), noShow.GetProperty("overdue").GetInt32()));
        Assert.Equal(120, overview.GetProperty("overdueGraceSeconds").GetInt32());
        Assert.Equal(1, overview.GetProperty("overdueTotal").GetInt32());
        var item = Assert.Single(overview.GetProperty("overdue").EnumerateArray());
        Assert.Equal(("NO_SHOW", late, lateDue), (item.GetProperty("kind").GetString(), item.GetProperty("subjectId").GetGuid(), item.GetProperty("dueAt").GetDateTimeOffset()));
        Assert.Equal(0, noShow.GetProperty("lateness").GetProperty("samples").GetInt32());
        Assert.Equal(0, Kind(overview, "HOTEL_JOB").GetProperty("pending").GetInt32()); // a hospital has no hotel jobs

        // A deadline still ahead is not handled early; an unknown kind and another tenant's record are not found.
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "deadline_not_due", await manager.PostAsync($"/api/v1/operations/deadlines/NO_SHOW/{soon}/fire", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "unknown_deadline_kind", await manager.PostAsync($"/api/v1/operations/deadlines/LUNCH/{late}/fire", null));
        var intruder = cluster.Http((await ApiFlow.CreateAsync(cluster)).TenantId, Roles.HospitalAdmin, Roles.Manager);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "deadline_not_found", await intruder.PostAsync($"/api/v1/operations/deadlines/NO_SHOW/{late}/fire", null));
        Assert.Equal(0, Kind(await ApiFlow.Expect(HttpStatusCode.OK, await intruder.GetAsync("/api/v1/operations/deadlines")), "NO_SHOW").GetProperty("pending").GetInt32());
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Nurse).GetAsync("/api/v1/operations/deadlines"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden",
            await cluster.Http(flow.TenantId, Roles.Receptionist).PostAsync($"/api/v1/operations/deadlines/NO_SHOW/{late}/fire", null));
        Assert.Equal("SCHEDULED", await StatusAsync(flow, late));

        var fired = await ApiFlow.Expect(HttpStatusCode.OK, await manager.PostAsync($"/api/v1/operations/deadlines/no_show/{late}/fire", null));
        Assert.True(fired.GetProperty("handled").GetBoolean());
        Assert.Equal(lateDue, fired.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, fired.GetProperty("nextDueAt").ValueKind);
        Assert.Equal("NO_SHOW", await StatusAsync(flow, late));
        Assert.Equal("SCHEDULED", await StatusAsync(flow, soon));
        Assert.Equal("SCHEDULED", await StatusAsync(flow, tomorrow));
        // Due but within the grace: not overdue yet, yet due, so firing handles it too.
        Assert.Equal("SCHEDULED", await StatusAsync(flow, inGrace));
        Assert.True((await ApiFlow.Expect(HttpStatusCode.OK, await manager.PostAsync($"/api/v1/operations/deadlines/NO_SHOW/{inGrace}/fire", null)))
            .GetProperty("handled").GetBoolean());
        Assert.Equal("NO_SHOW", await StatusAsync(flow, inGrace));
        // Nothing is pending on it any more: a second fire finds nothing to handle.
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "deadline_not_found", await manager.PostAsync($"/api/v1/operations/deadlines/NO_SHOW/{late}/fire", null));

        var after = await ApiFlow.Expect(HttpStatusCode.OK, await manager.GetAsync("/api/v1/operations/deadlines"));
        noShow = Kind(after, "NO_SHOW");
        Assert.Equal((2, 1, 0), (noShow.GetProperty("pending").GetInt32(), noShow.GetProperty("dueNextHour").GetInt32(), noShow.GetProperty("overdue").GetInt32()));
        Assert.Empty(after.GetProperty("overdue").EnumerateArray());
        var lateness = noShow.GetProperty("lateness");
        Assert.Equal(2, lateness.GetProperty("samples").GetInt32());
        var now = cluster.Clock.GetUtcNow(); // both handled at this instant: the median of two is their mean
        Assert.Equal((now - lateDue).TotalMilliseconds, lateness.GetProperty("maxMs").GetDouble());
        Assert.Equal(((now - lateDue) + (now - inGraceDue)).TotalMilliseconds / 2, lateness.GetProperty("p50Ms").GetDouble());
    }

    [Fact]
    public async Task AHotelJobWhoseReminderWasLostIsOverdueAndFiredThroughItsGrain()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var hotel = cluster.Http(flow.TenantId, Roles.HotelAdmin);
        await ApiFlow.Expect(HttpStatusCode.Created, await hotel.PostAsJsonAsync("/api/v1/hotels", new { name = "Hotel " + flow.TenantId, timeZone = "Europe/Berlin" }));
        async Task<JsonElement> CheckNoShows() => (await ApiFlow.Expect(HttpStatusCode.OK, await hotel.GetAsync("/api/v1/hotels/current/jobs")))
            .EnumerateArray().Single(j => j.GetProperty("jobName").GetString() == HotelJobs.CheckNoShows.Name);
        var dueAt = (await CheckNoShows()).GetProperty("nextRunAt").GetDateTimeOffset(); // every two hours
        var table = cluster.Silo.Services.GetRequiredService<IReminderTable>();
        var grainId = cluster.Client.GetGrain<IHotelJobsGrain>(flow.TenantId).GetGrainId();
        var row = await table.ReadRow(grainId, HotelJobs.CheckNoShows.Name);
        Assert.True(await table.RemoveRow(grainId, HotelJobs.CheckNoShows.Name, row!.ETag!));
        await cluster.Clock.FlowToAsync(dueAt.AddMinutes(3));

        var overview = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.GetAsync("/api/v1/operations/deadlines"));
        var jobs = Kind(overview, "HOTEL_JOB");
        Assert.Equal((5, 1), (jobs.GetProperty("pending").GetInt32(), jobs.GetProperty("overdue").GetInt32()));
        var item = Assert.Single(overview.GetProperty("overdue").EnumerateArray());
        Assert.Equal(("HOTEL_JOB", "check-no-shows", dueAt), (item.GetProperty("kind").GetString(), item.GetProperty("subjectId").GetString(), item.GetProperty("dueAt").GetDateTimeOffset()));

        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "deadline_not_due",
            await hotel.PostAsync($"/api/v1/operations/deadlines/HOTEL_JOB/{HotelJobs.GenerateInvoices.Name}/fire", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "deadline_not_found", await hotel.PostAsync("/api/v1/operations/deadlines/HOTEL_JOB/lunch/fire", null));
        var other = cluster.Http((await ApiFlow.CreateAsync(cluster)).TenantId, Roles.HotelAdmin);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "deadline_not_found", await other.PostAsync("/api/v1/operations/deadlines/HOTEL_JOB/check-no-shows/fire", null));

        var fired = await ApiFlow.Expect(HttpStatusCode.OK, await hotel.PostAsync("/api/v1/operations/deadlines/HOTEL_JOB/check-no-shows/fire", null));
        Assert.True(fired.GetProperty("handled").GetBoolean());
        var next = fired.GetProperty("nextDueAt").GetDateTimeOffset();
        Assert.True(next > cluster.Clock.GetUtcNow(), $"next run {next}");
        var job = await CheckNoShows();
        Assert.Equal(("COMPLETED", next), (job.GetProperty("lastStatus").GetString(), job.GetProperty("nextRunAt").GetDateTimeOffset()));
        Assert.Equal(0, Kind(await ApiFlow.Expect(HttpStatusCode.OK, await hotel.GetAsync("/api/v1/operations/deadlines")), "HOTEL_JOB").GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task TheHistoryCountsOkAndFailedRunsInTheirHour()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var manager = cluster.Http(flow.TenantId, Roles.HotelAdmin);
        var now = cluster.Clock.GetUtcNow();
        var thisHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var twoHoursAgo = thisHour.AddHours(-2);
        var subject = Guid.NewGuid().ToString();
        var of = new JobRunOf(AppointmentDeadlines.NoShow.Job, flow.TenantId, RunSource.Reminder, subject);
        await cluster.Silo.Services.GetRequiredService<IReadModelWriter>().WriteAsync(
        [
            JobRuns.Handled(of, twoHoursAgo.AddMinutes(10), twoHoursAgo.AddMinutes(10).AddMilliseconds(1500), twoHoursAgo.AddMinutes(11), 1),
            JobRuns.Failed(of, twoHoursAgo.AddMinutes(20), twoHoursAgo.AddMinutes(20), "The database was away"),
            JobRuns.Handled(of, now.AddSeconds(-1), now.AddSeconds(-1).AddMilliseconds(500), now, 1),
        ]);

        var history = await ApiFlow.Expect(HttpStatusCode.OK, await manager.GetAsync("/api/v1/operations/history?hours=3"));
        var buckets = history.GetProperty("hours").EnumerateArray()
            .Select(b => (b.GetProperty("hour").GetDateTimeOffset(), b.GetProperty("ok").GetInt32(), b.GetProperty("failed").GetInt32(),
                b.GetProperty("latenessP50Ms").ValueKind == JsonValueKind.Null ? (double?)null : b.GetProperty("latenessP50Ms").GetDouble()))
            .ToList();
        Assert.Equal([(twoHoursAgo, 1, 1, 1500), (thisHour.AddHours(-1), 0, 0, null), (thisHour, 1, 0, 500)], buckets);
        Assert.Equal(24, (await ApiFlow.Expect(HttpStatusCode.OK, await manager.GetAsync("/api/v1/operations/history"))).GetProperty("hours").GetArrayLength());

        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await manager.GetAsync("/api/v1/operations/history?hours=0"));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await manager.GetAsync("/api/v1/operations/history?hours=169"));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await manager.GetAsync("/api/v1/operations/history?hours=a-day"));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Doctor).GetAsync("/api/v1/operations/history"));
        // Another tenant sees none of these runs.
        var other = cluster.Http((await ApiFlow.CreateAsync(cluster)).TenantId, Roles.Manager);
        var theirs = await ApiFlow.Expect(HttpStatusCode.OK, await other.GetAsync("/api/v1/operations/history?hours=3"));
        Assert.All(theirs.GetProperty("hours").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("ok").GetInt32() + b.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task AFailedDeadlineRunIsRetriedThroughItsGrainAndOnlyAFailedOne()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var admin = cluster.Http(flow.TenantId, Roles.HospitalAdmin);
        var (late, lateDue) = (await LostNoShowsAsync(flow, 1))[0];
        await cluster.Clock.FlowToAsync(lateDue.AddMinutes(3));
        // What the appointment's grain records when its handler throws (src/Hms.Grains/Deadlines/DeadlineGrain.cs).
        var failed = JobRuns.Failed(new JobRunOf(AppointmentDeadlines.NoShow.Job, flow.TenantId, RunSource.Reminder, late.ToString()),
            lateDue, cluster.Clock.GetUtcNow(), "The database was away");
        await cluster.Silo.Services.GetRequiredService<IReadModelWriter>().WriteAsync([failed]);

        var intruder = cluster.Http((await ApiFlow.CreateAsync(cluster)).TenantId, Roles.HospitalAdmin);
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "job_not_found", await intruder.PostAsync($"/api/jobs/{failed.Id}/retry", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.FrontDesk).PostAsync($"/api/jobs/{failed.Id}/retry", null));
        Assert.Equal("SCHEDULED", await StatusAsync(flow, late));

        var retry = await ApiFlow.Expect(HttpStatusCode.OK, await admin.PostAsync($"/api/jobs/{failed.Id}/retry", null));
        Assert.Equal((failed.Id, "DEADLINE"), (retry.GetProperty("retriedJobId").GetGuid(), retry.GetProperty("via").GetString()));
        var execution = retry.GetProperty("execution");
        Assert.Equal(("NO_SHOW_DEADLINE", "COMPLETED", late.ToString()),
            (execution.GetProperty("jobName").GetString(), execution.GetProperty("status").GetString(), execution.GetProperty("subjectId").GetString()));
        Assert.NotEqual(failed.Id, execution.GetProperty("id").GetGuid());
        Assert.Equal("NO_SHOW", await StatusAsync(flow, late));

        // The failed run stays failed, but its deadline is handled now; the completed run is not retried at all.
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "run_already_recovered", await admin.PostAsync($"/api/jobs/{failed.Id}/retry", null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "run_not_failed",
            await admin.PostAsync($"/api/jobs/{execution.GetProperty("id").GetGuid()}/retry", null));
    }

    [Fact]
    public async Task AFailedNotificationIsListedForAdminsAndRetriedUntilDelivered()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var email = $"asha.{Guid.NewGuid():N}@example.org";
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsJsonAsync("/api/v1/staff/asha",
            new { firstName = "Asha", lastName = "Rao", roles = new[] { Roles.HospitalAdmin }, email }));
        var admin = cluster.HttpFor(flow.TenantId, "asha", Roles.HospitalAdmin);
        var options = cluster.Silo.Services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        var maxAttempts = options.MaxAttempts;
        var id = Guid.NewGuid();
        async Task<JsonElement> Notice() => await ApiFlow.Expect(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/notifications/{id}"));
        async Task<HttpResponseMessage> Retry() => await admin.PostAsync($"/api/v1/notifications/{id}/retry", null);
        // A channel is given up after its first failed attempt while this test runs (100 in the fixture).
        options.MaxAttempts = 1;
        cluster.Smtp.Stop();
        try
        {
            await cluster.Client.GetGrain<INotificationDelivery>(id).Deliver(new NotificationMessage(id, flow.TenantId, RecipientKind.User, "asha",
                "JOB_FAILING", "Deadline handling is failing", "3 consecutive runs failed.", Priority.High, [Channel.InApp, Channel.Email],
                ImmutableDictionary<string, string>.Empty, cluster.Clock.GetUtcNow()), onDelivered: null);
            await Eventually.Until(Notice, n => n.GetProperty("deliveryStatus").GetString() == "FAILED", what: "the e-mail is given up");

            var failed = await ApiFlow.Expect(HttpStatusCode.OK, await admin.GetAsync("/api/v1/notifications/failed"));
            Assert.Equal(1, failed.GetProperty("total").GetInt32());
            Assert.Equal(id, failed.GetProperty("data")[0].GetProperty("id").GetGuid());
            var intruder = cluster.Http((await ApiFlow.CreateAsync(cluster)).TenantId, Roles.HospitalAdmin, Roles.HotelAdmin);
            await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "notification_not_found", await intruder.PostAsync($"/api/v1/notifications/{id}/retry", null));
            Assert.Equal(0, (await ApiFlow.Expect(HttpStatusCode.OK, await intruder.GetAsync("/api/v1/notifications/failed"))).GetProperty("total").GetInt32());

            // Retried while the mail server is still down: one more attempt, failed again.
            var again = await ApiFlow.Expect(HttpStatusCode.OK, await Retry());
            Assert.Equal("FAILED", again.GetProperty("deliveryStatus").GetString());
            var mail = again.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("channel").GetString() == "email");
            Assert.Equal(("FAILED", 2), (mail.GetProperty("status").GetString(), mail.GetProperty("attempts").GetInt32()));

            cluster.Smtp.Start();
            var delivered = await ApiFlow.Expect(HttpStatusCode.OK, await Retry());
            Assert.Equal("DELIVERED", delivered.GetProperty("deliveryStatus").GetString());
            Assert.Single(cluster.Smtp.Received, m => m.To.Contains(email));
            Assert.Equal(0, (await ApiFlow.Expect(HttpStatusCode.OK, await admin.GetAsync("/api/v1/notifications/failed"))).GetProperty("total").GetInt32());
            await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "notification_not_failed", await Retry());

            await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Manager).GetAsync("/api/v1/notifications/failed"));
            await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "forbidden", await cluster.Http(flow.TenantId, Roles.Nurse).PostAsync($"/api/v1/notifications/{id}/retry", null));
        }
        finally
        {
            options.MaxAttempts = maxAttempts;
            cluster.Smtp.Stop();
            cluster.Smtp.Start();
        }
    }
}
