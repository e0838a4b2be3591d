using System.Net;
using System.Net.Http.Json;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>
/// An appointment reminder on PostgreSQL with real silo processes: a silo killed before the reminder's
/// instant and started again after it still sends it, once (src/Hms.Grains/Appointments/AppointmentGrain.Reminders.cs).
/// </summary>
[Trait("Category", "Durability")]
public sealed class ReminderDurabilityTests
{
    private const string RemindersOf =
        "SELECT count(*) FROM notifications WHERE type = 'APPOINTMENT_REMINDER' AND metadata->>'appointmentId' = $1";

    private const string RunsOf =
        "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'APPOINTMENT_REMINDER_DEADLINE' AND items_processed = 1";

    [Fact]
    public async Task ASiloKilledBeforeAReminderAndStartedAfterItSendsItOnce()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var first = deployment.StartSilo();
        await first.WaitReadyAsync();
        var flow = await ApiFlow.CreateAsync(deployment.Http, "Etc/UTC", slotDuration: 1);
        // One reminder a minute before the slot, no quiet hours: its instant is a minute boundary a test can wait for.
        await ApiFlow.Expect(HttpStatusCode.OK, await flow.Admin.PatchAsJsonAsync("/api/v1/hospitals/current", new
        {
            settings = new { reminders = new { offsetsMinutes = new[] { 1 }, quietHoursStart = "00:00", quietHoursEnd = "00:00" } },
        }));
        await flow.WarmUpBookingAsync();
        var (date, start, noShowAt) = MinuteDeadline.Next(TimeSpan.FromSeconds(135));
        var remindAt = noShowAt.AddMinutes(-2); // the slot starts a minute before its NO_SHOW, the reminder a minute before that
        var appointment = (await flow.BookAsync(flow.PatientId, flow.DoctorId, date, start)).ToString();

        first.Kill();
        Assert.True(DateTimeOffset.UtcNow < remindAt, "the silo must die before the reminder's instant");
        await MinuteDeadline.Until(remindAt.AddSeconds(2));
        Assert.Equal(0, await deployment.CountAsync(RunsOf, appointment));

        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort);
        await second.WaitReadyAsync();
        await Eventually.Until(() => deployment.CountAsync(RunsOf, appointment), n => n == 1, TimeSpan.FromSeconds(30),
            "the reminder after the restart\n" + deployment.SiloLogs);
        await Eventually.Until(() => deployment.CountAsync(RemindersOf, appointment), n => n == 1, TimeSpan.FromSeconds(15),
            "the reminder's notification\n" + deployment.SiloLogs);

        // The patient never came: at the NO_SHOW every deadline of the appointment has ended, and the reminder went out once.
        await MinuteDeadline.Until(noShowAt);
        await deployment.NoRemindersLeftAsync([Guid.Parse(appointment)], "the appointment's deadlines ended");
        Assert.Equal(1, await deployment.CountAsync(RunsOf, appointment));
        Assert.Equal(1, await deployment.CountAsync(RemindersOf, appointment));
    }
}
