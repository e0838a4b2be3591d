using Hms.Appointments;
using Hms.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace Hms.Tests.Deadlines;

/// <summary>
/// An active deadline grain wakes itself at its deadline with a grain timer, without waiting for the
/// reminder tick (src/Hms.Grains/Deadlines/DeadlineGrain.cs). Here reminders never tick at all, so only
/// the wake-up can handle the deadline; the grains' clock is fake and the timer runs in real time, so
/// the test brings the clock within two seconds of the deadline and has the grain activated again,
/// which sets its timer two real seconds ahead.
/// </summary>
public sealed class DeadlineWakeTests(StillRemindersFixture cluster) : IClassFixture<StillRemindersFixture>
{
    [Fact]
    public async Task AnActiveAppointmentMarksItsNoShowAtItsDeadlineWithoutAReminderTick()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(1));
        var appointment = await hospital.BookAsync(patient.Id, date, start);
        var grain = cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id);

        cluster.Clock.SetUtcNow(appointment.NoShowDueAt.AddSeconds(-2));
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(appointment.Id)).Status); // activated again
        cluster.Clock.SetUtcNow(appointment.NoShowDueAt);

        var noShow = await Eventually.Until(() => hospital.GetAsync(appointment.Id), a => a.Status == AppointmentStatus.NO_SHOW,
            TimeSpan.FromSeconds(20), "the NO_SHOW marked by the grain's wake-up");
        Assert.Equal(appointment.NoShowDueAt, noShow.UpdatedAt);
        Assert.Empty(await cluster.RemindersOf(grain)); // the reminder is removed, as after its own tick
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED' AND lateness_ms = 0 AND source = 'reminder'",
            appointment.Id));
    }
}
