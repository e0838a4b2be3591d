using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Collections.Immutable;
using Hms.Common;
using Hms.Notifications;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Notifications;

/// <summary>
/// Notifications go out over real protocols to listeners in this test project: e-mail over SMTP, SMS
/// through an HTTP webhook. A sender that is down leaves the notification pending until it is back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationDeliveryTests(ApiFixture cluster)
{
    private string Day(int ahead) => DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddDays(ahead).UtcDateTime).ToString("yyyy-MM-dd");

    /// <summary>A patient with a phone, an e-mail address and a user id, and a manual NO_SHOW that notifies them.</summary>
    private async Task<(ApiFlow Flow, string User, JsonElement Log)> NoShowOfAReachablePatientAsync(string email)
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var user = "patient-" + Guid.NewGuid().ToString("N")[..8];
        var patient = await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/patients",
            new { firstName = "Mira", lastName = "Das", mrn = "MRN-" + user, phone = "+4915112345678", email, userId = user }));
        var appointment = await flow.BookAsync(patient.GetProperty("id").GetString()!, flow.DoctorId, DateOnly.Parse(Day(2)), new TimeOnly(10, 0));
        var marked = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PostAsJsonAsync($"/api/v1/no-show/{appointment}", new { reason = "MANUAL_STAFF" }));
        return (flow, user, marked.GetProperty("log"));
    }

    private async Task<JsonElement> LogAsync(ApiFlow flow, string logId)
    {
        var logs = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync("/api/v1/no-show/logs"));
        return logs.GetProperty("data").EnumerateArray().Single(l => l.GetProperty("id").GetString() == logId);
    }

    /// <summary>A HIGH notice to a staff member on in_app, e-mail and SMS, the way the hospital's own notices go out.</summary>
    private async Task<(ApiFlow Flow, Guid Id, string Email)> StaffNoticeAsync()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var email = $"asha.{Guid.NewGuid():N}@example.org";
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PutAsJsonAsync("/api/v1/staff/asha",
            new { firstName = "Asha", lastName = "Rao", roles = new[] { "HOSPITAL_ADMIN" }, email, phone = "+4917600000001" }));
        var id = Guid.NewGuid();
        await cluster.Client.GetGrain<INotificationDelivery>(id).Deliver(Notice(id, flow.TenantId, cluster.Clock.GetUtcNow()), onDelivered: null);
        return (flow, id, email);
    }

    private static NotificationMessage Notice(Guid id, string tenantId, DateTimeOffset createdAt) => new(id, tenantId, RecipientKind.User, "asha",
        "JOB_FAILING", "Deadline handling is failing", "3 consecutive runs failed.", Priority.High,
        [Channel.InApp, Channel.Email, Channel.Sms], ImmutableDictionary<string, string>.Empty, createdAt);

    /// <summary>Polls while letting the rules' fake clock flow, so retry backoffs come due as they would in real time.</summary>
    private Task<T> Flowing<T>(Func<Task<T>> probe, Func<T, bool> done, string what) =>
        Eventually.Until(probe, done, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task ANoShowNotificationIsTextedAndTheLogSaysSo()
    {
        var (flow, user, log) = await NoShowOfAReachablePatientAsync($"mira.{Guid.NewGuid():N}@example.org");

        var sms = await Eventually.Until(() => Task.FromResult(cluster.Sms.Received.FirstOrDefault(
            s => s.GetProperty("notificationId").GetString() is { } id && s.GetProperty("message").GetString()!.Contains(Day(2), StringComparison.Ordinal))),
            s => s.ValueKind != JsonValueKind.Undefined, what: "the SMS arrives");
        Assert.Equal("+4915112345678", sms.GetProperty("to").GetString());
        Assert.StartsWith("Missed Appointment: ", sms.GetProperty("message").GetString());

        var sent = await Eventually.Until(() => LogAsync(flow, log.GetProperty("id").GetString()!),
            l => l.GetProperty("notificationSent").GetBoolean(), what: "notificationSent becomes true");
        Assert.True(sent.GetProperty("notificationSent").GetBoolean());
        var inbox = await ApiFlow.Expect(HttpStatusCode.OK, await cluster.HttpFor(flow.TenantId, user, Roles.Patient).GetAsync("/api/v1/notifications"));
        var notification = inbox.GetProperty("data")[0];
        Assert.Equal("DELIVERED", notification.GetProperty("deliveryStatus").GetString());
        Assert.Equal(["in_app", "sms"], notification.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("channel").GetString()).Order());
        Assert.All(notification.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("SENT", d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AStaffNoticeIsEmailedOverSmtpAndTexted()
    {
        var (flow, id, email) = await StaffNoticeAsync();

        var mail = await Eventually.Until(() => Task.FromResult(cluster.Smtp.Received.FirstOrDefault(m => m.To.Contains(email))),
            m => m is not null, what: "the e-mail arrives");
        Assert.Contains("Subject: Deadline handling is failing", mail!.Data);
        Assert.Contains("3 consecutive runs failed.", mail.Data);
        Assert.Contains($"X-Hms-Notification-Id: {id}", mail.Data);
        await Eventually.Until(() => Task.FromResult(cluster.Sms.Received.Count(s => s.GetProperty("notificationId").GetString() == id.ToString())),
            n => n == 1, what: "the SMS arrives");
        var asha = cluster.HttpFor(flow.TenantId, "asha", Roles.HospitalAdmin);
        var notice = await Eventually.Until(async () => await ApiFlow.Expect(HttpStatusCode.OK, await asha.GetAsync($"/api/v1/notifications/{id}")),
            n => n.GetProperty("deliveryStatus").GetString() == "DELIVERED", what: "delivered");
        Assert.Equal(3, notice.GetProperty("deliveries").GetArrayLength());
    }

    [Fact]
    public async Task ASenderThatIsDownLeavesTheNotificationPendingUntilItIsBack()
    {
        cluster.Smtp.Stop();
        await cluster.Sms.StopAsync();
        try
        {
            var (flow, id, email) = await StaffNoticeAsync();
            var asha = cluster.HttpFor(flow.TenantId, "asha", Roles.HospitalAdmin);
            async Task<JsonElement> Notice() => await ApiFlow.Expect(HttpStatusCode.OK, await asha.GetAsync($"/api/v1/notifications/{id}"));

            var pending = await Flowing(Notice, n => n.GetProperty("deliveries").EnumerateArray()
                .All(d => d.GetProperty("channel").GetString() == "in_app" || d.GetProperty("attempts").GetInt32() >= 2), "failed attempts recorded");
            Assert.Equal("PENDING", pending.GetProperty("deliveryStatus").GetString());
            var byChannel = pending.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("channel").GetString()!);
            Assert.Equal("SENT", byChannel["in_app"].GetProperty("status").GetString());
            foreach (var channel in new[] { "email", "sms" })
            {
                Assert.Equal("PENDING", byChannel[channel].GetProperty("status").GetString());
                Assert.False(string.IsNullOrEmpty(byChannel[channel].GetProperty("lastError").GetString()));
                Assert.NotEqual(JsonValueKind.Null, byChannel[channel].GetProperty("nextAttemptAt").ValueKind);
            }
            Assert.DoesNotContain(cluster.Smtp.Received, m => m.To.Contains(email));

            cluster.Smtp.Start();
            await cluster.Sms.StartAsync();

            var delivered = await Flowing(Notice, n => n.GetProperty("deliveryStatus").GetString() == "DELIVERED", "delivered once the senders are back");
            Assert.NotEqual(JsonValueKind.Null, delivered.GetProperty("deliveredAt").ValueKind);
            Assert.Single(cluster.Smtp.Received, m => m.To.Contains(email));
            Assert.Single(cluster.Sms.Received, s => s.GetProperty("notificationId").GetString() == id.ToString());
        }
        finally
        {
            // Leave the senders up for the other tests, whatever happened above.
            cluster.Smtp.Stop();
            await cluster.Sms.StopAsync();
            cluster.Smtp.Start();
            await cluster.Sms.StartAsync();
        }
    }

    [Fact]
    public async Task TheNoShowLogSaysNotSentWhileTheSmsGatewayIsDown()
    {
        await cluster.Sms.StopAsync();
        try
        {
            var (flow, user, log) = await NoShowOfAReachablePatientAsync($"x.{Guid.NewGuid():N}@example.org");
            // Once the SMS attempt has failed (and the in-app copy is there), the notification is not out on
            // all its channels, so the log must still say so.
            var inbox = cluster.HttpFor(flow.TenantId, user, Roles.Patient);
            var pending = await Eventually.Until(async () => await ApiFlow.Expect(HttpStatusCode.OK, await inbox.GetAsync("/api/v1/notifications")),
                n => n.GetProperty("total").GetInt32() == 1 && n.GetProperty("data")[0].GetProperty("deliveries").EnumerateArray()
                    .Any(d => d.GetProperty("channel").GetString() == "sms" && d.GetProperty("attempts").GetInt32() >= 1),
                what: "the failed SMS attempt recorded");
            Assert.Equal("PENDING", pending.GetProperty("data")[0].GetProperty("deliveryStatus").GetString());
            Assert.False((await LogAsync(flow, log.GetProperty("id").GetString()!)).GetProperty("notificationSent").GetBoolean());
            await cluster.Sms.StartAsync();
            await Flowing(() => LogAsync(flow, log.GetProperty("id").GetString()!), l => l.GetProperty("notificationSent").GetBoolean(),
                "notificationSent once the SMS went out");
        }
        finally
        {
            await cluster.Sms.StopAsync();
            await cluster.Sms.StartAsync();
        }
    }

    [Fact]
    public async Task ANotificationOutAtTheFirstAttemptIsKeptAsItsRowAndNeverSentTwice()
    {
        var (flow, id, email) = await StaffNoticeAsync();
        // The first attempt is made before Deliver returns: every channel is out already.
        Assert.Single(cluster.Smtp.Received, m => m.To.Contains(email));
        Assert.Single(cluster.Sms.Received, s => s.GetProperty("notificationId").GetString() == id.ToString());

        // Nothing of it is left in memory: the activation comes back from its read-model row.
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var asha = cluster.HttpFor(flow.TenantId, "asha", Roles.HospitalAdmin);
        var notice = await ApiFlow.Expect(HttpStatusCode.OK, await asha.GetAsync($"/api/v1/notifications/{id}"));
        Assert.Equal("DELIVERED", notice.GetProperty("deliveryStatus").GetString());
        Assert.Equal(3, notice.GetProperty("deliveries").GetArrayLength());

        // Its sender handing it over again (an outbox replayed after a restart) sends nothing.
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await cluster.Client.GetGrain<INotificationDelivery>(id).Deliver(Notice(id, flow.TenantId, cluster.Clock.GetUtcNow()), onDelivered: null);
        Assert.Single(cluster.Smtp.Received, m => m.To.Contains(email));
        Assert.Single(cluster.Sms.Received, s => s.GetProperty("notificationId").GetString() == id.ToString());

        var read = await ApiFlow.Expect(HttpStatusCode.OK, await asha.PatchAsync($"/api/v1/notifications/{id}/read", null));
        Assert.True(read.GetProperty("isRead").GetBoolean());
    }

    [Fact]
    public async Task ANotificationWhoseRowWasTrimmedIsNotSentAgain()
    {
        var (flow, _, email) = await StaffNoticeAsync();
        var id = Guid.NewGuid();
        // Two days old and no row: its sender wrote one before handing it over, and the history retention removed it.
        await cluster.Client.GetGrain<INotificationDelivery>(id).Deliver(Notice(id, flow.TenantId, cluster.Clock.GetUtcNow().AddDays(-2)), onDelivered: null);

        Assert.DoesNotContain(cluster.Sms.Received, s => s.GetProperty("notificationId").GetString() == id.ToString());
        Assert.Single(cluster.Smtp.Received, m => m.To.Contains(email)); // the fresh one of StaffNoticeAsync only
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "notification_not_found",
            await cluster.HttpFor(flow.TenantId, "asha", Roles.HospitalAdmin).GetAsync($"/api/v1/notifications/{id}"));
    }

    [Fact]
    public async Task RecipientsReadAndMarkTheirOwnNotificationsOnly()
    {
        var (flow, user, _) = await NoShowOfAReachablePatientAsync($"r.{Guid.NewGuid():N}@example.org");
        var patient = cluster.HttpFor(flow.TenantId, user, Roles.Patient);
        var unread = await ApiFlow.Expect(HttpStatusCode.OK, await patient.GetAsync("/api/v1/notifications?unread=true"));
        Assert.Equal(1, unread.GetProperty("total").GetInt32());
        var id = unread.GetProperty("data")[0].GetProperty("id").GetString();

        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "notification_not_found",
            await cluster.HttpFor(flow.TenantId, "someone-else", Roles.Patient).PatchAsync($"/api/v1/notifications/{id}/read", null));
        var read = await ApiFlow.Expect(HttpStatusCode.OK, await patient.PatchAsync($"/api/v1/notifications/{id}/read", null));
        Assert.True(read.GetProperty("isRead").GetBoolean());

        await Eventually.Until(async () => (await ApiFlow.Expect(HttpStatusCode.OK, await patient.GetAsync("/api/v1/notifications?unread=true"))).GetProperty("total").GetInt32(),
            n => n == 0, what: "no unread left");
        var all = await ApiFlow.Expect(HttpStatusCode.OK, await patient.GetAsync("/api/v1/notifications"));
        Assert.Equal(1, all.GetProperty("total").GetInt32());
        var admin = await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/notifications/{id}"));
        Assert.Equal(id, admin.GetProperty("id").GetString());
    }
}
