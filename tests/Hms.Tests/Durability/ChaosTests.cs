using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>
/// Deadlines falling due while silos crash and restart, PostgreSQL restarts, or the
/// whole cluster is down — afterwards each deadline was handled exactly once. Real silo processes,
/// real time, a PostgreSQL server of the test's own; each test takes a few minutes.
/// </summary>
[Trait("Category", "Durability")]
public sealed class ChaosTests
{
    private const string NoShowLogs = "SELECT count(*) FROM no_show_logs WHERE appointment_id = ANY($1)";

    [Fact]
    public async Task SilosKilledEveryFifteenSecondsAndAPostgresRestartLoseOrRepeatNoDeadline()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var deployment = await PostgresDeployment.CreateAsync(server: postgres.Server);
        var silos = Enumerable.Range(0, 3).Select(_ => deployment.StartSilo()).ToList();
        await Task.WhenAll(silos.Select(s => s.WaitReadyAsync()));
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);

        // 36 deadlines on three consecutive minute boundaries: ~2 minutes of deadlines falling due.
        const int perMinute = 12;
        var (date, first, firstDue) = MinuteDeadline.NextRun(TimeSpan.FromSeconds(45), minutes: 3);
        var bookings = new List<(string Patient, string Doctor, DateOnly Date, TimeOnly Start)>();
        for (var i = 0; i < perMinute; i++)
        {
            var doctor = await flow.AddDoctorAsync(slotDuration: 1);
            var patient = await flow.AddPatientAsync();
            for (var minute = 0; minute < 3; minute++)
            {
                bookings.Add((patient, doctor, date, first.AddMinutes(minute)));
            }
        }
        var appointments = await Task.WhenAll(bookings.Select(b => flow.BookAsync(b.Patient, b.Doctor, b.Date, b.Start)));
        var lastDue = firstDue.AddMinutes(2);
        Assert.True(DateTimeOffset.UtcNow < firstDue, "every booking must be in before the first deadline");

        // Chaos from just before the first deadline until after the last one.
        var random = new Random(20261123);
        var restartedPostgres = false;
        await MinuteDeadline.Until(firstDue.AddSeconds(-10));
        while (DateTimeOffset.UtcNow < lastDue.AddSeconds(15))
        {
            var victim = random.Next(silos.Count);
            var dead = silos[victim];
            dead.Kill();
            silos[victim] = deployment.StartSilo(dead.SiloPort, dead.GatewayPort);
            if (!restartedPostgres && DateTimeOffset.UtcNow > firstDue.AddSeconds(50))
            {
                await postgres.RestartAsync(); // between the second and third minute's deadlines
                restartedPostgres = true;
            }
            await Task.Delay(TimeSpan.FromSeconds(15));
        }
        Assert.True(restartedPostgres);

        await Eventually.Until(() => deployment.CountAsync(NoShowLogs, appointments), n => n >= appointments.Length,
            TimeSpan.FromSeconds(90), "every deadline handled after the chaos\n" + deployment.SiloLogs);
        await deployment.NoRemindersLeftAsync(appointments, "every NO_SHOW deadline disarmed");
        await AssertEachHandledOnceAsync(deployment, appointments);
    }

    [Fact]
    public async Task AfterAFullOutageOneSiloHandlesEveryOverdueDeadlineOnceWithinSecondsOfBeingReady()
    {
        var period = TimeSpan.FromSeconds(20);
        var settings = new Dictionary<string, string> { ["Deadlines__RetryPeriod"] = period.ToString() };
        await using var deployment = await PostgresDeployment.CreateAsync();
        var silos = new[] { deployment.StartSilo(extra: settings), deployment.StartSilo(extra: settings) };
        await Task.WhenAll(silos.Select(s => s.WaitReadyAsync()));
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);

        var (date, first, firstDue) = MinuteDeadline.NextRun(TimeSpan.FromSeconds(30), minutes: 2);
        var booked = new List<Task<Guid>>();
        for (var i = 0; i < 10; i++)
        {
            var doctor = await flow.AddDoctorAsync(slotDuration: 1);
            var patient = await flow.AddPatientAsync();
            booked.Add(flow.BookAsync(patient, doctor, date, first));
            booked.Add(flow.BookAsync(patient, doctor, date, first.AddMinutes(1)));
        }
        var appointments = await Task.WhenAll(booked);

        // The whole cluster is down from before the first deadline until well over a period after the last.
        await MinuteDeadline.Until(firstDue.AddSeconds(-5));
        foreach (var silo in silos)
        {
            silo.Kill();
        }
        await MinuteDeadline.Until(firstDue.AddMinutes(1) + period + TimeSpan.FromSeconds(5));
        Assert.Equal(0, await deployment.CountAsync(NoShowLogs, appointments));

        var startedAt = DateTimeOffset.UtcNow;
        var back = deployment.StartSilo(silos[0].SiloPort, silos[0].GatewayPort, settings);
        await back.WaitReadyAsync();
        var readyAt = DateTimeOffset.UtcNow;
        await Eventually.Until(() => deployment.CountAsync(NoShowLogs, appointments), n => n >= appointments.Length,
            TimeSpan.FromSeconds(15), "every overdue deadline within seconds of the silo being ready\n" + deployment.SiloLogs);
        var lastRecorded = await TestPostgres.ScalarAsync<DateTime>(deployment.ConnectionString,
            "SELECT max(recorded_at) FROM job_runs WHERE subject_id = ANY($1) AND status = 'COMPLETED'", [appointments.Select(a => a.ToString()).ToArray()]);
        // The overdue reminders are ticked as the silo turns Active (src/Hms.Silo/Deadlines/OverdueReminders.cs), which
        // may be before its health check answers ready: not at their next period boundary.
        Assert.InRange(new DateTimeOffset(lastRecorded, TimeSpan.Zero), startedAt, readyAt + TimeSpan.FromSeconds(10));

        await deployment.NoRemindersLeftAsync(appointments, "every NO_SHOW deadline disarmed");
        await AssertEachHandledOnceAsync(deployment, appointments);
    }

    /// <summary>One NoShowLog, one completed run and one patient notification per appointment, each NO_SHOW.</summary>
    private static async Task AssertEachHandledOnceAsync(PostgresDeployment deployment, Guid[] appointments)
    {
        var ids = appointments.Select(a => a.ToString()).ToArray();
        Assert.Equal(0, await deployment.CountAsync(
            "SELECT count(*) FROM (SELECT appointment_id FROM no_show_logs WHERE appointment_id = ANY($1) GROUP BY 1 HAVING count(*) <> 1) d", appointments));
        Assert.Equal(appointments.Length, await deployment.CountAsync(NoShowLogs, appointments));
        Assert.Equal(appointments.Length, await deployment.CountAsync(
            "SELECT count(DISTINCT subject_id) FROM job_runs WHERE subject_id = ANY($1) AND job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED'", [ids]));
        Assert.Equal(0, await deployment.CountAsync(
            "SELECT count(*) FROM (SELECT subject_id FROM job_runs WHERE subject_id = ANY($1) AND job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED' GROUP BY 1 HAVING count(*) <> 1) d", [ids]));
        Assert.Equal(0, await deployment.CountAsync(
            "SELECT count(*) FROM (SELECT metadata->>'appointmentId' FROM notifications WHERE type = 'APPOINTMENT_NO_SHOW' AND metadata->>'appointmentId' = ANY($1) GROUP BY 1 HAVING count(*) <> 1) d", [ids]));
        Assert.Equal(appointments.Length, await deployment.CountAsync(
            "SELECT count(*) FROM notifications WHERE type = 'APPOINTMENT_NO_SHOW' AND metadata->>'appointmentId' = ANY($1)", [ids]));
        Assert.Equal(appointments.Length, await deployment.CountAsync(
            "SELECT count(*) FROM appointments WHERE id = ANY($1) AND status = 'NO_SHOW' AND no_show_due_at IS NULL", appointments));
    }
}
