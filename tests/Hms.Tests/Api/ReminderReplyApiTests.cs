using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hms.Appointments;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hms.Tests.Api;

/// <summary>
/// Patients answer reminders without signing in (src/Hms.Api/Appointments/ReminderReplyEndpoints.cs): each reminder
/// carries signed links that confirm or cancel once, until the slot starts; the SMS gateway posts replies
/// ("1"/"YES", "2"/"NO") with its secret, and they act on the patient's next reminded appointment.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReminderReplyApiTests(ApiFixture cluster)
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");

    private sealed record Reminded(Guid Id, DateTimeOffset SlotStartsAt, string? ConfirmPath, string CancelPath);

    /// <summary>Books 10:00 (Berlin) two days ahead plus <paramref name="minutes"/>; the slot's start.</summary>
    private async Task<(Guid Id, DateTimeOffset SlotStartsAt)> BookAsync(ApiFlow flow, string patientId, int minutes = 0)
    {
        var date = ZonedTime.Today(cluster.Clock.GetUtcNow(), Berlin).AddDays(2);
        var start = new TimeOnly(10, 0).AddMinutes(minutes);
        return (await flow.BookAsync(patientId, flow.DoctorId, date, start), ZonedTime.ToInstant(date, start, Berlin));
    }

    /// <summary>Moves the clock to <paramref name="at"/> and waits for the appointment's 24-hour reminder; its links.</summary>
    private async Task<Reminded> RemindedAsync((Guid Id, DateTimeOffset SlotStartsAt) booked, DateTimeOffset? at = null)
    {
        cluster.Clock.SetUtcNow(at ?? booked.SlotStartsAt.AddHours(-24));
        var links = await Eventually.Until(() => TestPostgres.QueryAsync(cluster.ConnectionString,
                "SELECT metadata->>'confirmUrl', metadata->>'cancelUrl', message FROM notifications WHERE type = 'APPOINTMENT_REMINDER' AND metadata->>'appointmentId' = $1",
                r => (Confirm: r.IsDBNull(0) ? null : r.GetString(0), Cancel: r.GetString(1), Message: r.GetString(2)), booked.Id.ToString()),
            rows => rows.Count == 1, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "the 24-hour reminder");
        Assert.Contains("Confirm: http", links[0].Message);
        Assert.Contains("reply 1 to confirm, 2 to cancel", links[0].Message);
        return new Reminded(booked.Id, booked.SlotStartsAt, links[0].Confirm is { } c ? new Uri(c).AbsolutePath : null,
            new Uri(links[0].Cancel).AbsolutePath);
    }

    private async Task<Reminded> BookAndRemindAsync(ApiFlow flow, string patientId) => await RemindedAsync(await BookAsync(flow, patientId));

    private HttpClient Anyone => cluster.HttpWithToken(null);

    private async Task<JsonElement> AppointmentAsync(ApiFlow flow, Guid id) =>
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{id}"));

    [Fact]
    public async Task AReminderLinkAsksFirstThenConfirmsOnceAndIsRefusedWhenReplayed()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var reminded = await BookAndRemindAsync(flow, flow.PatientId);
        Assert.StartsWith("/api/v1/appointment-links/", reminded.ConfirmPath);

        var asked = await ApiFlow.Expect(HttpStatusCode.OK, await Anyone.GetAsync(reminded.ConfirmPath));
        Assert.Equal(("CONFIRM", false, "SCHEDULED"), (asked.GetProperty("action").GetString(), asked.GetProperty("done").GetBoolean(),
            asked.GetProperty("status").GetString()));
        Assert.Equal("SCHEDULED", (await AppointmentAsync(flow, reminded.Id)).GetProperty("status").GetString()); // a GET changes nothing

        var confirmed = await ApiFlow.Expect(HttpStatusCode.OK, await Anyone.PostAsync(reminded.ConfirmPath, null));
        Assert.Equal(("CONFIRM", true, "CONFIRMED"), (confirmed.GetProperty("action").GetString(), confirmed.GetProperty("done").GetBoolean(),
            confirmed.GetProperty("status").GetString()));
        var appointment = await AppointmentAsync(flow, reminded.Id);
        Assert.Equal("CONFIRMED", appointment.GetProperty("status").GetString());
        Assert.Equal(("CONFIRM", "LINK"), (appointment.GetProperty("reminderAnswer").GetProperty("action").GetString(),
            appointment.GetProperty("reminderAnswer").GetProperty("via").GetString()));
        Assert.Equal(cluster.Clock.GetUtcNow(), appointment.GetProperty("reminderAnswer").GetProperty("at").GetDateTimeOffset());

        await ApiFlow.ExpectProblem(HttpStatusCode.Gone, "link_used", await Anyone.PostAsync(reminded.ConfirmPath, null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Gone, "link_used", await Anyone.GetAsync(reminded.ConfirmPath));

        // The 2-hour reminder of a confirmed appointment carries only the cancel link.
        cluster.Clock.SetUtcNow(reminded.SlotStartsAt.AddHours(-2));
        var second = await Eventually.Until(() => TestPostgres.QueryAsync(cluster.ConnectionString,
                "SELECT metadata ? 'confirmUrl', message FROM notifications WHERE type = 'APPOINTMENT_REMINDER' AND metadata->>'appointmentId' = $1 ORDER BY created_at",
                r => (HasConfirm: r.GetBoolean(0), Message: r.GetString(1)), reminded.Id.ToString()),
            rows => rows.Count == 2, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "the 2-hour reminder");
        Assert.False(second[1].HasConfirm);
        Assert.Contains("reply 2 to cancel", second[1].Message);
    }

    [Fact]
    public async Task ACancelLinkReleasesTheSlotAtOnceAndABrowserGetsPlainPages()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var reminded = await BookAndRemindAsync(flow, flow.PatientId);
        var browser = Anyone;
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var page = await browser.GetAsync(reminded.CancelPath);
        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<form method=\"post\" action=\"{reminded.CancelPath}\">", html);
        Assert.Contains("Cancel my appointment", html);
        Assert.DoesNotContain("<script", html);

        var done = await browser.PostAsync(reminded.CancelPath, null);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("is cancelled", await done.Content.ReadAsStringAsync());
        var appointment = await AppointmentAsync(flow, reminded.Id);
        Assert.Equal(("CANCELLED", "CANCEL", "LINK"), (appointment.GetProperty("status").GetString(),
            appointment.GetProperty("reminderAnswer").GetProperty("action").GetString(), appointment.GetProperty("reminderAnswer").GetProperty("via").GetString()));
        var date = appointment.GetProperty("appointmentDate").GetString();
        var slots = await ApiFlow.ListAsync(flow.Admin, $"/api/v1/slots/doctor/{flow.DoctorId}/date/{date}");
        Assert.Contains(slots.EnumerateArray(), s => s.GetProperty("startTime").GetString() == "10:00" && s.GetProperty("isAvailable").GetBoolean());

        // Replayed, the refusal is a page too, with the problem's status.
        var replay = await browser.PostAsync(reminded.CancelPath, null);
        Assert.Equal((HttpStatusCode.Gone, "text/html"), (replay.StatusCode, replay.Content.Headers.ContentType?.MediaType));
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync());
        // The confirm link of a cancelled appointment confirms nothing.
        await ApiFlow.ExpectProblem(HttpStatusCode.Conflict, "appointment_not_awaited", await Anyone.PostAsync(reminded.ConfirmPath, null));
    }

    [Fact]
    public async Task ATamperedExpiredOrOutdatedLinkIsRefusedAndChangesNothing()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var reminded = await BookAndRemindAsync(flow, flow.PatientId);
        var token = reminded.ConfirmPath![(reminded.ConfirmPath!.LastIndexOf('/') + 1)..];
        var parts = token.Split('.');

        string With(int part, string value) => "/api/v1/appointment-links/" + string.Join('.', parts.Select((p, i) => i == part ? value : p));
        var tampered = new[]
        {
            With(1, "cancel"),                                                        // the action of another link
            With(2, (long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture)), // a later expiry
            With(0, Guid.NewGuid().ToString("N")),                                  // another appointment
            With(3, parts[3][..^1] + (parts[3][^1] == 'A' ? 'B' : 'A')),          // one character of the signature
            With(3, parts[3][..^1] + (parts[3][^1] == 'A' ? 'B' : 'A')),
            "/api/v1/appointment-links/" + string.Join('.', parts[..3]),          // no signature
            "/api/v1/appointment-links/not-a-link",
        };
        foreach (var path in tampered)
        {
            await ApiFlow.ExpectProblem(HttpStatusCode.Forbidden, "link_invalid", await Anyone.PostAsync(path, null));
        }
        Assert.Equal("SCHEDULED", (await AppointmentAsync(flow, reminded.Id)).GetProperty("status").GetString());

        // Moved to another slot: the old links no longer act on it.
        var date = ZonedTime.Today(cluster.Clock.GetUtcNow(), Berlin).AddDays(2);
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{reminded.Id}",
            new { appointmentDate = date.ToString("yyyy-MM-dd"), startTime = "11:00" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.Gone, "link_outdated", await Anyone.PostAsync(reminded.CancelPath, null));
        Assert.Equal("SCHEDULED", (await AppointmentAsync(flow, reminded.Id)).GetProperty("status").GetString());

        // A link for the new slot, as the next reminder would carry, works until the slot starts and not after.
        var signer = cluster.Silo.Services.GetRequiredService<PatientLinkSigner>();
        var movedTo = ZonedTime.ToInstant(date, new TimeOnly(11, 0), Berlin);
        var fresh = new Uri(await signer.UrlAsync(new PatientLink(reminded.Id, ReminderAction.CONFIRM, movedTo))).AbsolutePath;
        cluster.Clock.SetUtcNow(movedTo);
        await ApiFlow.ExpectProblem(HttpStatusCode.Gone, "link_expired", await Anyone.PostAsync(fresh, null));
        Assert.Equal("SCHEDULED", (await AppointmentAsync(flow, reminded.Id)).GetProperty("status").GetString());
    }

    private Task<HttpResponseMessage> SmsAsync(object body, string? secret = ApiFixture.SmsSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sms/inbound") { Content = JsonContent.Create(body) };
        if (secret is not null)
        {
            request.Headers.Add("x-sms-secret", secret);
        }
        return Anyone.SendAsync(request);
    }

    [Fact]
    public async Task AnSmsReplyConfirmsOrCancelsThePatientsNextRemindedAppointment()
    {
        var flow = await ApiFlow.CreateAsync(cluster);
        var phone = "+49 170 " + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var from = "+49170" + phone[8..];
        var patient = (await ApiFlow.Expect(HttpStatusCode.Created, await flow.Admin.PostAsJsonAsync("/api/v1/patients",
            new { firstName = "Mara", lastName = "Okafor", mrn = "SMS-" + Guid.NewGuid().ToString("N")[..8], phone }))).GetProperty("id").GetString()!;

        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "no_reminded_appointment", await SmsAsync(new { from, text = "YES" }));
        var (firstBooked, secondBooked) = (await BookAsync(flow, patient), await BookAsync(flow, patient, minutes: 120));
        var second = await RemindedAsync(secondBooked); // the first's 24-hour reminder went two hours earlier: it is next
        var first = await RemindedAsync(firstBooked, at: cluster.Clock.GetUtcNow());

        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_sms_secret", await SmsAsync(new { from, text = "YES" }, secret: null));
        await ApiFlow.ExpectProblem(HttpStatusCode.Unauthorized, "invalid_sms_secret", await SmsAsync(new { from, text = "YES" }, secret: "guess"));
        await ApiFlow.ExpectProblem(HttpStatusCode.UnprocessableEntity, "sms_reply_not_understood", await SmsAsync(new { from, text = "maybe later" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await SmsAsync(new { from = "not a phone", text = "1" }));
        await ApiFlow.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed", await SmsAsync(new { from }));
        Assert.Equal("SCHEDULED", (await AppointmentAsync(flow, first.Id)).GetProperty("status").GetString());

        var yes = await ApiFlow.Expect(HttpStatusCode.OK, await SmsAsync(new { from, text = " yes. " }));
        Assert.Equal((first.Id, "CONFIRMED"), (yes.GetProperty("appointmentId").GetGuid(), yes.GetProperty("status").GetString()));
        var no = await ApiFlow.Expect(HttpStatusCode.OK, await SmsAsync(new { from, text = "2" }));
        Assert.Equal((first.Id, "CANCELLED"), (no.GetProperty("appointmentId").GetGuid(), no.GetProperty("status").GetString()));
        var appointment = await AppointmentAsync(flow, first.Id);
        Assert.Equal(("CANCEL", "SMS"), (appointment.GetProperty("reminderAnswer").GetProperty("action").GetString(),
            appointment.GetProperty("reminderAnswer").GetProperty("via").GetString()));

        var one = await ApiFlow.Expect(HttpStatusCode.OK, await SmsAsync(new { from, text = "1" }));
        Assert.Equal((second.Id, "CONFIRMED"), (one.GetProperty("appointmentId").GetGuid(), one.GetProperty("status").GetString()));
        var sameAgain = await ApiFlow.Expect(HttpStatusCode.OK, await SmsAsync(new { from, text = "YES" })); // already confirmed: nothing changes
        Assert.Equal((second.Id, "CONFIRMED"), (sameAgain.GetProperty("appointmentId").GetGuid(), sameAgain.GetProperty("status").GetString()));
        await ApiFlow.ExpectProblem(HttpStatusCode.NotFound, "no_reminded_appointment", await SmsAsync(new { from = "+1 555 0100 999", text = "NO" }));
    }
}
