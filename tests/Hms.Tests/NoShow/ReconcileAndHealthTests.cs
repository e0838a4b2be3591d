using Hms.Appointments;
using Hms.Common;
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
    private async Task StepTo(DateTimeOffset instant)
    {
        while (cluster.Clock.GetUtcNow() < instant)
        {
            var step = instant - cluster.Clock.GetUtcNow();
            cluster.Clock.Advance(step > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : step);
            await Task.Delay(15);
        }
    }

    private Task<long> Count(string sql, object value) => TestPostgres.ScalarAsync<long>(cluster.ConnectionString, sql, value);

    /// <summary>Deletes the appointment's NO_SHOW reminder from the reminder table, as a lost row would be.</summary>
    private async Task LoseReminderAsync(AppointmentView appointment)
    {
        var table = cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var grainId = cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).GetGrainId();
        var row = await table.ReadRow(grainId, AppointmentDeadlines.NoShow);
        Assert.NotNull(row);
        Assert.True(await table.RemoveRow(grainId, AppointmentDeadlines.NoShow, row.ETag!));
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
        await StepTo(appointment.NoShowDueAt.AddMinutes(3));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(appointment.Id)).Status);
        var before = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.Equal((1, 1), (before.PendingDeadlines, before.OverdueDeadlines));
        Assert.False(before.IsHealthy);
        Assert.Contains("overdue", before.HealthMessage);

        var pass = await cluster.Client.GetGrain<INoShowReconcileGrain>(0).Run(hospital.Id, RunSources.Manual);

        Assert.Equal((1, 1, 0), (pass.Scanned, pass.Handled, pass.Errors));
        Assert.Equal(AppointmentStatus.NO_SHOW, (await hospital.GetAsync(appointment.Id)).Status);
        Assert.Equal(1, await Count("SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", appointment.Id));
        Assert.Equal(1, await Count("SELECT count(*) FROM job_runs WHERE subject_id = $1 AND source = 'manual' AND status = 'COMPLETED'",
            appointment.Id.ToString()));
        var again = await cluster.Client.GetGrain<INoShowReconcileGrain>(0).Run(hospital.Id, RunSources.Manual);
        Assert.Equal((0, 0), (again.Scanned, again.Handled));
        Assert.Equal(1, await Count("SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", appointment.Id));

        var after = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.True(after.IsHealthy, after.HealthMessage);
        Assert.Equal((0, 0), (after.PendingDeadlines, after.OverdueDeadlines));
        Assert.Equal("success", after.LastRunStatus);
        Assert.Equal(2, after.RecentRuns.Count(r => r.JobName == "NO_SHOW_RECONCILE"));
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

        await StepTo(appointment.NoShowDueAt);
        await Eventually.Until(() => hospital.GetAsync(appointment.Id), a => a.Status == AppointmentStatus.NO_SHOW,
            () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "NO_SHOW");

        var health = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.True(health.IsHealthy);
        Assert.Equal(("NO_SHOW_CHECK", "OK", "success"), (health.JobName, health.HealthMessage, health.LastRunStatus));
        Assert.Equal((1, 0, 0), (health.TotalRuns, health.FailedRuns, health.ConsecutiveFailures));
        Assert.Equal("NO_SHOW_DEADLINE", health.LastSuccessfulRun!.JobName);
        Assert.Equal(1, health.Lateness.Samples);
        Assert.InRange(health.Lateness.P99Ms!.Value, 0, 60_000);
        Assert.Equal(0, health.PendingDeadlines);
    }

    [Fact]
    public async Task ThreeConsecutiveFailedRunsNotifyEveryHospitalAdminOnce()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var hospitals = cluster.Client.GetGrain<IHospitalGrain>(hospital.Id);
        await hospitals.SaveStaff(new StaffMember("admin-a", "Asha", "Rao", [Roles.HospitalAdmin], "asha@example.org", null), hospital.Admin);
        await hospitals.SaveStaff(new StaffMember("admin-b", "Ben", "Osei", [Roles.HospitalAdmin, Roles.Doctor], "ben@example.org", null), hospital.Admin);
        await hospitals.SaveStaff(new StaffMember("admin-gone", "Old", "Admin", [Roles.HospitalAdmin], null, null, IsActive: false), hospital.Admin);
        await hospitals.SaveStaff(new StaffMember("nurse-c", "Cleo", "Ng", [Roles.Nurse], null, null), hospital.Admin);

        // Three doctors, one 09:xx slot each: three deadlines at the same instant, each failing once.
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddMinutes(30));
        var appointments = new List<AppointmentView>();
        for (var i = 0; i < 3; i++)
        {
            var doctor = i == 0 ? hospital.Doctor : await cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid())
                .Register(new RegisterDoctor("Dr", "No" + i, null, 15, 50, TestHospital.AllDay), hospital.Admin);
            var appointment = await cluster.Client.GetGrain<IAppointmentGrain>(Guid.NewGuid()).Book(
                new BookAppointment((await hospital.PatientAsync()).Id, doctor.Id, date, start, null), hospital.Admin);
            await cluster.FailNextWriteOf("appointment", cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id));
            appointments.Add(appointment);
        }

        await StepTo(appointments[0].NoShowDueAt);
        await Eventually.Until(() => Count("SELECT count(*) FROM job_runs WHERE tenant_id = $1 AND status = 'FAILED'", hospital.Id),
            n => n == 3, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(200)), what: "three failed runs");
        // Each deadline is retried by its reminder and succeeds.
        foreach (var appointment in appointments)
        {
            await Eventually.Until(() => hospital.GetAsync(appointment.Id), a => a.Status == AppointmentStatus.NO_SHOW,
                () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "NO_SHOW after the retry");
        }

        const string Notices = "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND type = 'JOB_FAILING' AND priority = 'HIGH'";
        Assert.Equal(2, await Count(Notices, hospital.Id));
        foreach (var admin in new[] { "admin-a", "admin-b" })
        {
            Assert.Equal(1, await Count(
                "SELECT count(*) FROM notifications WHERE recipient_type = 'USER' AND recipient_id = $1 AND 'email' = ANY(channels) AND 'in_app' = ANY(channels)",
                admin));
        }
        var health = await cluster.Client.GetGrain<IDeadlineHealthGrain>(0).Get(hospital.Admin);
        Assert.Equal((0, 3), (health.ConsecutiveFailures, health.FailedRuns));
        Assert.True(health.IsHealthy);
    }
}
