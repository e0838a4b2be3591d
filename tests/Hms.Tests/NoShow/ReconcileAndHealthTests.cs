using Hms.Appointments;
using Hms.Common;
using Hms.Jobs;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.NoShow;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hms.Tests.NoShow;

/// <summary>The backup pass finds what reminders missed; health tells the truth; failures reach the admins.</summary>
[Collection(GrainCollection.Name)]
public sealed class ReconcileAndHealthTests(GrainClusterFixture cluster)
{
    private Task<long> Count(string sql, object value) => TestPostgres.ScalarAsync<long>(cluster.ConnectionString, sql, value);

    /// <summary>Deletes one of the appointment's reminders (its NO_SHOW one unless named) from the reminder table, as a lost row would be.</summary>
    private async Task LoseReminderAsync(AppointmentView appointment, string? kind = null)
    {
        kind ??= AppointmentDeadlines.NoShow.Name;
        var table = cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var grainId = cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).GetGrainId();
        var row = await table.ReadRow(grainId, kind);
        Assert.NotNull(row);
        Assert.True(await table.RemoveRow(grainId, kind, row.ETag!));
    }

    [Fact]
    public async Task AReconcilePassSendsAPatientReminderWhoseReminderWasLost()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15, settings: new HospitalSettings(
            Reminders: ReminderSettings.Default with { QuietHoursStart = TimeOnly.MinValue, QuietHoursEnd = TimeOnly.MinValue }));
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(3));
        var appointment = await hospital.BookAsync(patient.Id, date, start);
        await LoseReminderAsync(appointment, AppointmentDeadlines.Reminder.Name);

        var remindAt = appointment.SlotStartsAt.AddHours(-2);
        await cluster.Clock.FlowToAsync(remindAt.AddMinutes(3));
        Assert.Equal(0, await Count("SELECT count(*) FROM notifications WHERE type = 'APPOINTMENT_REMINDER' AND metadata->>'appointmentId' = $1",
            appointment.Id.ToString()));
        var pass = await cluster.Client.GetGrain<IBackupPassGrain>(NoShowCheck.ReconcilePass).Run(hospital.Admin, RunSource.Manual);

        Assert.Equal((1, 1), (pass.Scanned, pass.Handled));
        Assert.Equal(1, await Count("SELECT count(*) FROM notifications WHERE type = 'APPOINTMENT_REMINDER' AND metadata->>'appointmentId' = $1",
            appointment.Id.ToString()));
        Assert.NotNull((await hospital.GetAsync(appointment.Id)).RemindedAt);
        var again = await cluster.Client.GetGrain<IBackupPassGrain>(NoShowCheck.ReconcilePass).Run(hospital.Admin, RunSource.Manual);
        Assert.Equal((0, 0), (again.Scanned, again.Handled));
    }

    [Fact]
    public async Task AReconcilePassHandlesADeadlineWhoseReminderWasLostOnce()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(1));
        var appointment = await hospital.BookAsync(patient.Id, date, start);
        await LoseReminderAsync(appointment);

        // Time passes the deadline; the silos' reminder refresh has dropped the lost reminder by then.
        await cluster.Clock.FlowToAsync(appointment.NoShowDueAt.AddMinutes(3));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(appointment.Id)).Status);
        var before = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.Equal((1, 1), (before.PendingDeadlines, before.OverdueDeadlines));
        Assert.False(before.IsHealthy);
        Assert.Contains("overdue", before.HealthMessage);

        var pass = await cluster.Client.GetGrain<IBackupPassGrain>(NoShowCheck.ReconcilePass).Run(hospital.Admin, RunSource.Manual);

        Assert.Equal((1, 1, 0), (pass.Scanned, pass.Handled, pass.Errors.Length));
        Assert.Equal(AppointmentStatus.NO_SHOW, (await hospital.GetAsync(appointment.Id)).Status);
        Assert.Equal(1, await Count("SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", appointment.Id));
        Assert.Equal(1, await Count("SELECT count(*) FROM job_runs WHERE subject_id = $1 AND source = 'manual' AND status = 'COMPLETED'",
            appointment.Id.ToString()));
        var again = await cluster.Client.GetGrain<IBackupPassGrain>(NoShowCheck.ReconcilePass).Run(hospital.Admin, RunSource.Manual);
        Assert.Equal((0, 0), (again.Scanned, again.Handled));
        Assert.Equal(1, await Count("SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", appointment.Id));

        var after = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.True(after.IsHealthy, after.HealthMessage);
        Assert.Equal((0, 0), (after.PendingDeadlines, after.OverdueDeadlines));
        Assert.Equal("success", after.LastRunStatus);
        Assert.Equal(2, after.RecentRuns.Count(r => r.JobName.Name == "NO_SHOW_RECONCILE"));
        Assert.True(after.Lateness.Samples >= 1);
    }

    [Fact]
    public async Task HealthCountsRunsAndLatenessOfHandledDeadlines()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddMinutes(30));
        var appointment = await hospital.BookAsync(patient.Id, date, start);
        var pending = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.Equal((1, 0, 0), (pending.PendingDeadlines, pending.OverdueDeadlines, pending.TotalRuns));
        Assert.Null(pending.LastRunTime);

        await cluster.At(appointment.NoShowDueAt, () => hospital.GetAsync(appointment.Id), a => a.Status == AppointmentStatus.NO_SHOW, "NO_SHOW");

        var health = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.True(health.IsHealthy);
        Assert.Equal(("NO_SHOW_CHECK", "OK", "success"), (health.JobName, health.HealthMessage, health.LastRunStatus));
        Assert.Equal((1, 0, 0), (health.TotalRuns, health.FailedRuns, health.ConsecutiveFailures));
        Assert.Equal("NO_SHOW_DEADLINE", health.LastSuccessfulRun!.JobName.Name);
        Assert.Equal(1, health.Lateness.Samples);
        Assert.Equal(0, health.Lateness.P99Ms); // handled with the clock at exactly its instant
        Assert.Equal(0, health.PendingDeadlines);
    }

    [Fact]
    public async Task TheThirdConsecutiveFailedRunNotifiesEveryHospitalAdminOnceAndASuccessEndsTheStreak()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15, settings: new HospitalSettings(WaitingTooLongMinutes: 20));
        var hospitals = cluster.Client.GetGrain<IHospitalGrain>(hospital.Id);
        await hospitals.SaveStaff(new StaffMember("admin-a", "Asha", "Rao", [Roles.HospitalAdmin], "asha@example.org", null), hospital.Admin);
        await hospitals.SaveStaff(new StaffMember("admin-b", "Ben", "Osei", [Roles.HospitalAdmin, Roles.Doctor], "ben@example.org", null), hospital.Admin);
        await hospitals.SaveStaff(new StaffMember("admin-gone", "Old", "Admin", [Roles.HospitalAdmin], null, null, IsActive: false), hospital.Admin);
        await hospitals.SaveStaff(new StaffMember("nurse-c", "Cleo", "Ng", [Roles.Nurse], null, null), hospital.Admin);

        // Four patients checked in a second apart, two hours before their slots: their waiting deadlines fall
        // one second apart, 20 minutes later, long before anything else is due. Each deadline's first
        // attempt fails (storage refuses the write); its reminder retries a period (5 s) later.
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        var waiting = new List<AppointmentView>();
        for (var i = 0; i < 4; i++)
        {
            var doctor = i == 0 ? hospital.Doctor : await cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid())
                .Register(new RegisterDoctor("Dr", "No" + i, null, 15, 50, TestHospital.AllDay), hospital.Admin);
            var grain = cluster.Client.GetGrain<IAppointmentGrain>(Guid.NewGuid());
            await grain.Book(new BookAppointment((await hospital.PatientAsync()).Id, doctor.Id, date, start, null), hospital.Admin);
            waiting.Add(await grain.CheckIn(hospital.Admin));
            await cluster.FailNextWriteOf("appointment", grain);
            cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        const string Notices = "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND type = 'JOB_FAILING' AND priority = 'HIGH'";

        async Task<DeadlineHealth> FailedAsync(int n)
        {
            var appointment = waiting[n - 1];
            await cluster.At(appointment.CheckedInAt!.Value.AddMinutes(20),
                () => Count("SELECT count(*) FROM job_runs WHERE tenant_id = $1 AND status = 'FAILED'", hospital.Id), runs => runs == n,
                $"failed run {n}");
            // The failing turn reports to the failure watch before it ends: once the grain answers again, that is done.
            Assert.Equal(AppointmentStatus.CHECKED_IN, (await hospital.GetAsync(appointment.Id)).Status);
            return await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        }

        var first = await FailedAsync(1);
        Assert.Equal((1, true), (first.ConsecutiveFailures, first.IsHealthy));
        var second = await FailedAsync(2);
        Assert.Equal((2, true), (second.ConsecutiveFailures, second.IsHealthy));
        Assert.Equal(0, await Count(Notices, hospital.Id));

        var third = await FailedAsync(3);
        Assert.Equal((3, false), (third.ConsecutiveFailures, third.IsHealthy));
        Assert.Contains("3 consecutive failed runs", third.HealthMessage);
        Assert.Equal(2, await Count(Notices, hospital.Id));
        foreach (var admin in new[] { "admin-a", "admin-b" })
        {
            Assert.Equal(1, await Count(
                "SELECT count(*) FROM notifications WHERE recipient_type = 'USER' AND recipient_id = $1 AND 'email' = ANY(channels) AND 'in_app' = ANY(channels)",
                admin));
        }

        var fourth = await FailedAsync(4);
        Assert.Equal((4, false), (fourth.ConsecutiveFailures, fourth.IsHealthy));
        Assert.Equal(2, await Count(Notices, hospital.Id));

        // A period after the first failure its reminder retries and succeeds: the streak is over.
        var recovered = await cluster.At(waiting[0].CheckedInAt!.Value.AddMinutes(20).Add(TimeSpan.FromSeconds(5)),
            () => cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin), h => h.ConsecutiveFailures == 0, "the streak ends");
        Assert.True(recovered.IsHealthy, recovered.HealthMessage);
        Assert.Equal(4, recovered.FailedRuns);
        Assert.Equal(StageAlertType.WAITING_TOO_LONG, Assert.Single((await hospital.GetAsync(waiting[0].Id)).Alerts).Type);
        Assert.Equal(2, await Count(Notices, hospital.Id));
    }
}
