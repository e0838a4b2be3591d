using System.Net;
using System.Net.Http.Json;
using Hms.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hms.Tests.Durability;

/// <summary>
/// Reminder range reads that leave far deadlines in storage (src/Hms.Silo/Database/Migrations/0020_reminder_due_window.sql)
/// still fire every deadline at its first tick, with real silo processes on PostgreSQL. The windows are shrunk so a
/// test can watch a deadline travel from far to near: refresh every 5 s, loading window 10 s, due window 45 s (the
/// least the silo accepts), reminder period 20 s. A reminder read only after its instant fires a whole period late
/// (its next StartAt + k · period), so a lateness under one period means it was scheduled before its instant.
/// </summary>
[Trait("Category", "Durability")]
public sealed class ReminderDueWindowDurabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(20);

    private static readonly Dictionary<string, string> SmallWindows = new()
    {
        ["Cluster__Reminders__RefreshReminderListPeriod"] = "00:00:05",
        ["Cluster__Reminders__ReminderLoadingWindow"] = "00:00:10",
        ["Deadlines__RetryPeriod"] = "00:00:20",
        ["Deadlines__WakeActiveGrains"] = "false", // the reminders alone, or an active grain's own timer would hide a late one
    };

    [Fact]
    public async Task DeadlinesArmedBeyondTheWindowOrMovedEarlierFireAtTheirFirstTickAfterAnOwnershipChange()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        await TestPostgres.ExecuteAsync(deployment.ConnectionString, "UPDATE hms_reminder_due_window SET due_within = '45 seconds'");
        var survivor = deployment.StartSilo(extra: SmallWindows);
        var leaving = deployment.StartSilo(extra: SmallWindows);
        await Task.WhenAll(survivor.WaitReadyAsync(), leaving.WaitReadyAsync());
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        const int count = 8;
        var pairs = new List<(string Doctor, string Patient)>();
        for (var i = 0; i <= count; i++)
        {
            pairs.Add((await flow.AddDoctorAsync(slotDuration: 1), await flow.AddPatientAsync()));
        }
        await flow.WarmUpBookingAsync();

        // Eight NO_SHOWs two minutes ahead, and a ninth booked ten minutes ahead, then moved to the same minute.
        var (date, start, dueAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(120));
        var appointments = (await Task.WhenAll(pairs.Take(count).Select(p => flow.BookAsync(p.Patient, p.Doctor, date, start)))).ToList();
        var (farDate, farStart, _) = MinuteDeadline.Next(TimeSpan.FromMinutes(10));
        var moved = await flow.BookAsync(pairs[count].Patient, pairs[count].Doctor, farDate, farStart);
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync($"/api/v1/appointments/{moved}",
            new { appointmentDate = date.ToString("yyyy-MM-dd"), startTime = start.ToString("HH:mm") }));
        appointments.Add(moved);

        // Every NO_SHOW reminder starts beyond the due window: no range read has returned it yet.
        Assert.Equal(count + 1, await deployment.CountAsync("""
            SELECT count(*) FROM orleansremindersv2table r
             WHERE r.remindername = 'no-show' AND r.starttime > hms_reminder_due_horizon()
               AND EXISTS (SELECT 1 FROM unnest($1::text[]) k WHERE r.grainid LIKE '%' || k)
            """, [appointments.Select(a => a.ToString("N")).ToArray()]));

        // The leaving silo's reminders are the survivor's from now on, before any of them comes near.
        leaving.Kill();
        Assert.True(DateTimeOffset.UtcNow < dueAt.AddSeconds(-45), "the silo must leave while every deadline is still beyond the window");

        await MinuteDeadline.Until(dueAt);
        await Eventually.Until(() => deployment.CountAsync("SELECT count(*) FROM no_show_logs WHERE appointment_id = ANY($1)", appointments.ToArray()),
            n => n == count + 1, TimeSpan.FromSeconds(90), "every NO_SHOW recorded\n" + deployment.SiloLogs);

        var lateness = await TestPostgres.QueryAsync(deployment.ConnectionString,
            "SELECT subject_id, lateness_ms FROM job_runs WHERE job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED' AND subject_id = ANY($1)",
            r => (Appointment: r.GetString(0), Ms: r.GetDouble(1)), [appointments.Select(a => a.ToString()).ToArray()]);
        output.WriteLine($"deadline {dueAt:O}; lateness ms: {string.Join(", ", lateness.Select(l => l.Ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Equal(appointments.Select(a => a.ToString()).Order(), lateness.Select(l => l.Appointment).Order()); // each exactly once
        Assert.All(lateness, l => Assert.True(l.Ms < Period.TotalMilliseconds,
            $"{l.Appointment} fired {l.Ms:F0} ms late: at a later tick, not its first\n{deployment.SiloLogs}"));
        await deployment.NoRemindersLeftAsync(appointments, "every NO_SHOW deadline disarmed");
        Assert.Equal(count + 1, await deployment.CountAsync("SELECT count(*) FROM no_show_logs WHERE appointment_id = ANY($1)", appointments.ToArray()));
    }

    [Fact]
    public async Task ASiloWhoseLoadingWindowOutgrowsTheDueWindowRefusesToStart()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        await TestPostgres.ExecuteAsync(deployment.ConnectionString, "UPDATE hms_reminder_due_window SET due_within = '44 seconds'");
        var silo = deployment.StartSilo(extra: SmallWindows);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.WaitReadyAsync());
        Assert.Contains("reminder due window", refused.Message);
    }
}
