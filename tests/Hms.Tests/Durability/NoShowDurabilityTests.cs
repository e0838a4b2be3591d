using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hms.Tests.Durability;

/// <summary>
/// The NO_SHOW deadline on PostgreSQL with real silo processes: on time, once, through crashes.
/// Deadlines are real (whole minutes), so each test waits for its minute boundary.
/// </summary>
[Trait("Category", "Durability")]
public sealed class NoShowDurabilityTests(ITestOutputHelper output)
{
    private const string LogsOf = "SELECT count(*) FROM no_show_logs WHERE appointment_id = $1";
    private const string RunsOf = "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED'";

    [Fact]
    public async Task NoShowHappensWithinFiveSecondsOfItsDeadlineWithExactlyOneLog()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        await deployment.StartSilo().WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        await flow.WarmUpBookingAsync();

        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(5));
        var appointment = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start);
        await MinuteDeadline.Until(dueAt);

        await Eventually.Until(() => deployment.CountAsync(LogsOf, appointment), n => n == 1, TimeSpan.FromSeconds(5),
            $"NO_SHOW within 5 s of {dueAt:O}\n{deployment.SiloLogs}");
        var handledLate = await TestPostgres.ScalarAsync<double>(deployment.ConnectionString,
            "SELECT lateness_ms FROM job_runs WHERE subject_id = $1::text", appointment.ToString());
        Assert.InRange(handledLate, 0, 5000);

        // The deadline's reminder is gone, so no later tick can come: still exactly once.
        await deployment.NoRemindersLeftAsync([appointment], "the NO_SHOW deadline disarmed");
        Assert.Equal(1, await deployment.CountAsync(LogsOf, appointment));
        Assert.Equal(1, await deployment.CountAsync(RunsOf, appointment.ToString()));
        Assert.Equal(1, await deployment.CountAsync(
            "SELECT count(*) FROM appointments WHERE id = $1 AND status = 'NO_SHOW' AND no_show_due_at IS NULL", appointment));

        // Grain state is found by the key history retention deletes it by (the appointment's, here).
        var (n0, n1) = Hms.Silo.Retention.GrainStorageKey.Of(appointment);
        Assert.Equal(1, await deployment.CountAsync(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'appointment' AND grainidn0 = $1 AND grainidn1 = $2", n0, n1));
        // The patient's notice went out at its first attempt, so its row is its only record: its grain
        // writes that row after any grain state it would store, and no notification stored any.
        await Eventually.Until(() => TestPostgres.ScalarAsync<Guid?>(deployment.ConnectionString,
            "SELECT id FROM notifications WHERE metadata->>'appointmentId' = $1 AND delivery_status = 'DELIVERED'", appointment.ToString()),
            id => id is not null, TimeSpan.FromSeconds(10), "the NO_SHOW notice delivered");
        Assert.Equal(0, await deployment.CountAsync("SELECT count(*) FROM orleansstorage WHERE graintypestring = 'notification'"));
    }

    [Fact]
    public async Task SiloKilledBeforeTheDeadlineAndRestartedAfterItStillMarksNoShowOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var first = deployment.StartSilo();
        await first.WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        await flow.WarmUpBookingAsync();
        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(8));
        var appointment = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start);

        first.Kill();
        Assert.True(DateTimeOffset.UtcNow < dueAt, "the silo must die before the deadline");
        await MinuteDeadline.Until(dueAt.AddSeconds(2));
        Assert.Equal(0, await deployment.CountAsync(LogsOf, appointment));

        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort);
        await second.WaitReadyAsync();
        await Eventually.Until(() => deployment.CountAsync(LogsOf, appointment), n => n == 1, TimeSpan.FromSeconds(30),
            "NO_SHOW after the restart\n" + deployment.SiloLogs);

        await deployment.NoRemindersLeftAsync([appointment], "the NO_SHOW deadline disarmed");
        Assert.Equal(1, await deployment.CountAsync(LogsOf, appointment));
        Assert.Equal(1, await deployment.CountAsync(RunsOf, appointment.ToString()));
        await Eventually.Until(() => deployment.CountAsync(
            "SELECT count(*) FROM patients WHERE id = $1 AND no_show_count = 1", Guid.Parse(flow.PatientId)), n => n == 1,
            TimeSpan.FromSeconds(5), "the patient's no-show counted\n" + deployment.SiloLogs);
        var seen = await Eventually.Until(
            async () => await ApiFlow.Expect(System.Net.HttpStatusCode.OK, await flow.Admin.GetAsync($"/api/v1/appointments/{appointment}")),
            a => a.GetProperty("status").GetString() == "NO_SHOW", TimeSpan.FromSeconds(30), "API sees NO_SHOW through the new silo");
        Assert.Equal("NO_SHOW", seen.GetProperty("status").GetString());
    }

    /// <summary>
    /// With the production reminder period (a minute), the only silo SIGKILLed 20 s before a NO_SHOW deadline and
    /// started 5 s after it: the NO_SHOW is recorded within 10 s of the silo being ready, not at the reminder's next
    /// period boundary (src/Hms.Silo/Deadlines/OverdueReminders.cs), and once.
    /// </summary>
    [Fact]
    public async Task AfterAFullOutageAnOverdueDeadlineIsHandledWithinTenSecondsOfTheFirstSiloBeingReady()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var production = new Dictionary<string, string> { ["Deadlines__RetryPeriod"] = "00:01:00", ["Cluster__MinimumReminderPeriod"] = "00:01:00" };
        var first = deployment.StartSilo(extra: production);
        await first.WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        await flow.WarmUpBookingAsync();
        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(30));
        var appointment = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start);

        await MinuteDeadline.Until(dueAt.AddSeconds(-20));
        first.Kill();
        await MinuteDeadline.Until(dueAt.AddSeconds(5));
        Assert.Equal(0, await deployment.CountAsync(LogsOf, appointment));
        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort, production);
        await second.WaitReadyAsync();
        var readyAt = DateTimeOffset.UtcNow;

        await Eventually.Until(() => deployment.CountAsync(LogsOf, appointment), n => n == 1, TimeSpan.FromSeconds(40),
            "NO_SHOW after the restart\n" + deployment.SiloLogs);
        var recordedAt = await TestPostgres.ScalarAsync<DateTime>(deployment.ConnectionString,
            "SELECT triggered_at FROM no_show_logs WHERE appointment_id = $1", appointment);
        var lateness = new DateTimeOffset(recordedAt, TimeSpan.Zero) - readyAt;
        output.WriteLine($"deadline {dueAt:O}, silo ready {readyAt:O}, NO_SHOW recorded {recordedAt:O}: {lateness.TotalSeconds:F1} s after ready");
        Assert.True(lateness <= TimeSpan.FromSeconds(10), $"recorded {lateness.TotalSeconds:F1} s after the silo was ready\n{deployment.SiloLogs}");
        await deployment.NoRemindersLeftAsync([appointment], "the NO_SHOW deadline disarmed");
        Assert.Equal(1, await deployment.CountAsync(RunsOf, appointment.ToString()));
    }

    /// <summary>
    /// Two silos with the production reminder period; one hangs (SIGSTOP) 2 s before 24 NO_SHOW deadlines, so the
    /// reminders it owns miss their instant. Once membership declares it dead, the survivor takes its reminders over
    /// and ticks the overdue ones at once: every NO_SHOW is recorded well before the reminders' next period boundary,
    /// a minute after the deadline. Should the ring have given the hung silo none of the 24, the round is repeated
    /// with a new silo (at most three rounds).
    /// </summary>
    [Fact]
    public async Task WhenASiloHangsItsOverdueDeadlinesAreHandledBeforeTheirNextReminderPeriod()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var production = new Dictionary<string, string> { ["Deadlines__RetryPeriod"] = "00:01:00", ["Cluster__MinimumReminderPeriod"] = "00:01:00" };
        var survivor = deployment.StartSilo(extra: production);
        await survivor.WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        const int count = 24;
        var pairs = new List<(string Doctor, string Patient)>();
        for (var i = 0; i < count; i++)
        {
            pairs.Add((await flow.AddDoctorAsync(slotDuration: 1), await flow.AddPatientAsync()));
        }
        await flow.WarmUpBookingAsync();
        for (var round = 1; ; round++)
        {
            var hung = deployment.StartSilo(extra: production);
            await hung.WaitReadyAsync();
            var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(15));
            var appointments = await Task.WhenAll(pairs.Select(p => flow.BookAsync(p.Patient, p.Doctor, date, start)));

            await MinuteDeadline.Until(dueAt.AddSeconds(-2));
            hung.Freeze();
            await Eventually.Until(() => deployment.CountAsync("SELECT count(*) FROM no_show_logs WHERE appointment_id = ANY($1)", appointments),
                n => n == count, TimeSpan.FromSeconds(50), "every deadline handled by the survivor\n" + deployment.SiloLogs);
            hung.Kill();
            var lateness = await TestPostgres.QueryAsync(deployment.ConnectionString,
                "SELECT triggered_at FROM no_show_logs WHERE appointment_id = ANY($1)", r => new DateTimeOffset(r.GetDateTime(0), TimeSpan.Zero) - dueAt,
                appointments);
            var takenOver = lateness.Count(l => l > TimeSpan.FromSeconds(1)); // the survivor's own fired at the deadline
            output.WriteLine($"round {round}: deadline {dueAt:O}; {takenOver} of {count} taken over from the hung silo, the last recorded {lateness.Max().TotalSeconds:F1} s after the deadline");
            foreach (var appointment in appointments)
            {
                Assert.Equal(1, await deployment.CountAsync(LogsOf, appointment));
            }
            if (takenOver > 0 || round == 3)
            {
                Assert.True(takenOver > 0, "in three rounds the hung silo owned none of the deadlines");
                Assert.True(lateness.Max() < TimeSpan.FromSeconds(40), $"the last NO_SHOW came {lateness.Max().TotalSeconds:F1} s after its deadline\n{deployment.SiloLogs}");
                return;
            }
        }
    }

    [Fact]
    public async Task ADeadlineWhoseReminderRowWasDeletedIsHandledOnceByTheExternalTrigger()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var shortGrace = new Dictionary<string, string> { ["Deadlines__OverdueGrace"] = "00:00:03" };
        var first = deployment.StartSilo(extra: shortGrace);
        await first.WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        await flow.WarmUpBookingAsync();
        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(10));
        var appointment = await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start);

        // The reminder row is lost, and so is the silo that had it in memory.
        Assert.Equal(1, await deployment.CountAsync("SELECT count(*) FROM orleansremindersv2table WHERE grainid LIKE '%' || $1", appointment.ToString("N")));
        await TestPostgres.ExecuteAsync(deployment.ConnectionString, "DELETE FROM orleansremindersv2table WHERE grainid LIKE '%' || $1", appointment.ToString("N"));
        first.Kill();
        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort, shortGrace);
        await second.WaitReadyAsync();
        await MinuteDeadline.Until(dueAt.AddSeconds(8));
        Assert.Equal(0, await deployment.CountAsync(LogsOf, appointment));
        var before = await Eventually.Until(async () => await flow.Admin.GetAsync("/api/v1/no-show/cron-health"),
            response => response.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the API reaches the new silo");
        var unhealthy = await ApiFlow.Expect(System.Net.HttpStatusCode.OK, before);
        Assert.Equal(1, unhealthy.GetProperty("overdueDeadlines").GetInt32());
        Assert.False(unhealthy.GetProperty("isHealthy").GetBoolean());

        var trigger = new HttpRequestMessage(HttpMethod.Post, "/api/v1/no-show/external-trigger");
        trigger.Headers.Add("x-cron-api-key", PostgresDeployment.CronApiKey);
        var pass = await Eventually.Until(async () => await deployment.Anonymous().SendAsync(trigger.Clone()),
            response => response.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the API reaches the new silo");
        var result = await ApiFlow.Expect(System.Net.HttpStatusCode.OK, pass);

        Assert.Equal(1, result.GetProperty("handled").GetInt32());
        Assert.Equal(1, await deployment.CountAsync(LogsOf, appointment));
        Assert.Equal(0, result.GetProperty("health").GetProperty("overdueDeadlines").GetInt32());
        Assert.True(result.GetProperty("health").GetProperty("isHealthy").GetBoolean());
        var again = await ApiFlow.Expect(System.Net.HttpStatusCode.OK, await deployment.Anonymous().SendAsync(trigger.Clone()));
        Assert.Equal(0, again.GetProperty("handled").GetInt32());
        Assert.Equal(1, await deployment.CountAsync(LogsOf, appointment));
        Assert.Equal(1, await deployment.CountAsync(
            "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND source = 'external' AND status = 'COMPLETED'", appointment.ToString()));
    }

    [Fact]
    public async Task TwoSilosOneKilledAsDeadlinesFallDueEachIsHandledOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var doomed = deployment.StartSilo();
        var survivor = deployment.StartSilo();
        await Task.WhenAll(doomed.WaitReadyAsync(), survivor.WaitReadyAsync());
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);

        const int count = 12;
        var doctors = new List<string>();
        var patients = new List<string>();
        for (var i = 0; i < count; i++)
        {
            doctors.Add(await flow.AddDoctorAsync(slotDuration: 1));
            patients.Add(await flow.AddPatientAsync());
        }
        await flow.WarmUpBookingAsync();
        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(10));
        var appointments = await Task.WhenAll(Enumerable.Range(0, count).Select(i => flow.BookAsync(patients[i], doctors[i], date, start)));

        await MinuteDeadline.Until(dueAt.AddSeconds(-2));
        doomed.Kill();

        await Eventually.Until(() => deployment.CountAsync("SELECT count(*) FROM no_show_logs WHERE appointment_id = ANY($1)", appointments),
            n => n == count, TimeSpan.FromSeconds(60), "every deadline handled by the survivor\n" + deployment.SiloLogs);
        await deployment.NoRemindersLeftAsync(appointments, "every NO_SHOW deadline disarmed");
        foreach (var appointment in appointments)
        {
            Assert.Equal(1, await deployment.CountAsync(LogsOf, appointment));
            Assert.Equal(1, await deployment.CountAsync(RunsOf, appointment.ToString()));
        }
        Assert.Equal(count, await deployment.CountAsync(
            "SELECT count(*) FROM appointments WHERE id = ANY($1) AND status = 'NO_SHOW'", appointments));
        Assert.Equal(count, await deployment.CountAsync(
            "SELECT count(*) FROM notifications WHERE type = 'APPOINTMENT_NO_SHOW' AND metadata->>'appointmentId' = ANY($1)",
            [appointments.Select(a => a.ToString()).ToArray()]));
        Assert.False(survivor.HasExited);
    }

    [Fact]
    public async Task TwoSilosStartingTogetherOnAnEmptyDatabaseBothComeUp()
    {
        await using var deployment = await PostgresDeployment.CreateAsync(migrate: false);
        var a = deployment.StartSilo();
        var b = deployment.StartSilo();
        await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());

        Assert.Equal(2, await deployment.CountAsync("SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        Assert.Equal(Hms.Silo.Database.SchemaMigrator.All.Count, await deployment.CountAsync("SELECT count(*) FROM hms_schema_migrations"));
    }

    [Fact]
    public async Task TheDashboardNeedsOperatorCredentials()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var silo = deployment.StartSilo();
        await silo.WaitReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };

        var anonymous = await http.GetAsync("/dashboard/");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await Send(http, "operator", "wrong")).StatusCode);
        var allowed = await Send(http, "operator", SiloProcess.DashboardPassword);
        Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("html", allowed.Content.Headers.ContentType?.MediaType);
        // Its grain-state view (any grain's state: patients, tokens) is off unless the operator turns it on.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Send(http, "operator", SiloProcess.DashboardPassword, "/dashboard/Reminders/1")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Send(http, "operator", SiloProcess.DashboardPassword,
            "/dashboard/GrainState?grainId=0&grainType=Hms.Hospitals.HospitalGrain")).StatusCode);

        // Guessing the password: ten wrong logins a minute from one address, then even the right one waits.
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await Send(http, "operator", $"guess-{i}")).StatusCode);
        }
        var lockedOut = await Send(http, "operator", SiloProcess.DashboardPassword);
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, lockedOut.StatusCode);
        Assert.NotNull(lockedOut.Headers.RetryAfter);

        var ready = await ApiFlow.Expect(System.Net.HttpStatusCode.OK, await http.GetAsync("/health/ready"));
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
    }

    [Fact]
    public async Task EveryKindOfGrainStateReadsBackTheSameAfterTheWholeClusterRestarts()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var first = deployment.StartSilo();
        await first.WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Europe/Berlin", slotDuration: 30);
        var admin = flow.Admin;
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
        await ApiFlow.Expect(System.Net.HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/hospitals/current/holidays",
            new { name = "Founders' Day", date = day.AddDays(10).ToString("yyyy-MM-dd"), isRecurring = true }));
        await ApiFlow.Expect(System.Net.HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/v1/doctors/{flow.DoctorId}/absences",
            new { absenceType = "TRAINING", startDate = day.AddDays(1).ToString("yyyy-MM-dd"), endDate = day.AddDays(1).ToString("yyyy-MM-dd"),
                  isFullDay = false, startTime = "14:00", endTime = "16:00", reason = "Course" }));
        var appointment = await flow.BookAsync(flow.PatientId, flow.DoctorId, day, new TimeOnly(10, 0));
        await flow.BookAsync(await flow.AddPatientAsync(), flow.DoctorId, day, new TimeOnly(11, 0));
        await admin.PostAsync($"/api/v1/appointments/{appointment}/check-in", null);
        await admin.PostAsJsonAsync($"/api/v1/appointments/{appointment}/vitals", new { heartRate = 71, temperatureC = 37.1 });
        var doctor = deployment.Http(flow.TenantId, [Roles.Doctor]);
        await ApiFlow.Expect(System.Net.HttpStatusCode.Created, await doctor.PostAsJsonAsync("/api/v1/consultations",
            new { appointmentId = appointment, chiefComplaint = "Dizzy" }));
        await doctor.PatchAsJsonAsync($"/api/v1/consultations/{appointment}", new { diagnoses = new[] { new { code = "R42", description = "Dizziness" } } });
        await doctor.PostAsJsonAsync($"/api/v1/consultations/{appointment}/participants", new { doctorId = await flow.AddDoctorAsync(30), role = "ASSISTING" });

        string[] reads =
        [
            "/api/v1/hospitals/current", $"/api/v1/doctors/{flow.DoctorId}", $"/api/v1/patients/{flow.PatientId}",
            $"/api/v1/appointments/{appointment}", $"/api/v1/consultations/{appointment}",
            $"/api/v1/slots/doctor/{flow.DoctorId}/range?from={day:yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}",
        ];
        var before = new List<string>();
        foreach (var read in reads)
        {
            before.Add(await (await admin.GetAsync(read)).Content.ReadAsStringAsync());
        }

        first.Kill();
        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort);
        await second.WaitReadyAsync();

        for (var i = 0; i < reads.Length; i++)
        {
            var read = reads[i];
            var after = await Eventually.Until(async () =>
            {
                var response = await admin.GetAsync(read);
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            }, body => body.Length > 0, TimeSpan.FromSeconds(30), $"{read} after the restart\n{deployment.SiloLogs}");
            Assert.Equal(before[i], after);
        }
        Assert.DoesNotContain("Error reading grain state", deployment.SiloLogs);
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, string user, string password, string path = "/dashboard/")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http.SendAsync(request);
    }
}
