using Hms.Appointments;
using Hms.Common;
using Hms.Jobs;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.NoShow;
using Hms.Patients;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Appointments;

/// <summary>The NO_SHOW deadline of an appointment grain, driven by the fixture's fake clock.</summary>
[Collection(GrainCollection.Name)]
public sealed class NoShowDeadlineTests(GrainClusterFixture cluster)
{
    private async Task<(TestHospital Hospital, PatientView Patient, AppointmentView Appointment)> BookNextHourAsync(int slotDuration = 15)
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: slotDuration);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(1));
        return (hospital, patient, await hospital.BookAsync(patient.Id, date, start));
    }

    /// <summary>The clock reaches the deadline and stays there: the NO_SHOW is handled at exactly its instant.</summary>
    private Task<AppointmentView> PassDeadlineAsync(TestHospital hospital, AppointmentView appointment) =>
        cluster.At(appointment.NoShowDueAt, () => hospital.GetAsync(appointment.Id), a => a.Status == AppointmentStatus.NO_SHOW,
            "appointment becomes NO_SHOW");

    private Task<long> CountAsync(string sql, Guid appointmentId) =>
        TestPostgres.ScalarAsync<long>(cluster.ConnectionString, sql, appointmentId);

    [Fact]
    public async Task NoShowIsMarkedWhenSlotDurationPasses()
    {
        var (hospital, patient, appointment) = await BookNextHourAsync(slotDuration: 15);
        Assert.Equal(appointment.SlotStartsAt.AddMinutes(15), appointment.NoShowDueAt);

        var grain = cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id);
        Assert.Equal(appointment.NoShowDueAt, (await cluster.RemindersOf(grain))[AppointmentDeadlines.NoShow.Name]);

        // Two seconds before, nothing is due: a poke handles nothing.
        cluster.Clock.SetUtcNow(appointment.NoShowDueAt.AddSeconds(-2));
        Assert.Equal(0, await grain.HandleDueDeadlines(RunSource.Manual));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(appointment.Id)).Status);

        var noShow = await PassDeadlineAsync(hospital, appointment);
        Assert.Equal(AppointmentStatus.NO_SHOW, noShow.Status);

        // notificationSent turns true once the patient's notification is out on all channels (in-app at once,
        // SMS skipped here: this patient has no phone).
        var logs = await Eventually.Until(
            () => cluster.Client.GetGrain<INoShowQueryGrain>(0).GetLogs(
                new NoShowLogFilter(null, null, null, patient.Id, null, Paging.Default), hospital.Admin),
            page => page.Total == 1 && page.Items[0].NotificationSent, what: "one NoShowLog, its notification sent");
        var log = Assert.Single(logs.Items);
        Assert.Equal(NoShowReason.AUTO_TIMEOUT, log.Reason);
        Assert.Equal(appointment.Id, log.AppointmentId);
        Assert.Equal(appointment.StartTime.ToString("HH:mm"), log.SlotTime);
        Assert.Equal(15, log.TimeoutMinutes);
        Assert.False(log.SlotReleased);
        Assert.Null(log.SlotReleasedAt);
        Assert.True(log.NotificationSent);
        Assert.Null(log.CreatedBy);
        Assert.Equal(appointment.NoShowDueAt, log.TriggeredAt);
        Assert.Empty(await cluster.RemindersOf(grain));

        var counted = await Eventually.Until(() => cluster.Client.GetGrain<IPatientGrain>(patient.Id).Find(),
            p => p!.NoShowCount == 1, what: "patient counted once");
        Assert.Equal(PatientStatus.ACTIVE, counted!.Status);
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM notifications WHERE recipient_id = (SELECT patient_id::text FROM appointments WHERE id = $1) AND type = 'APPOINTMENT_NO_SHOW' AND 'in_app' = ANY(channels)",
            appointment.Id));
        Assert.Equal(1, await CountAsync(
            $"SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name = '{AppointmentDeadlines.NoShow.Job}' AND status = 'COMPLETED' AND lateness_ms = 0 AND source = 'reminder'",
            appointment.Id));
        Assert.Equal(0, await CountAsync(
            "SELECT count(*) FROM appointments WHERE id = $1 AND (status <> 'NO_SHOW' OR no_show_due_at IS NOT NULL)", appointment.Id));
    }

    [Fact]
    public async Task DuplicateAndLateTicksChangeNothing()
    {
        var (hospital, patient, appointment) = await BookNextHourAsync();
        await PassDeadlineAsync(hospital, appointment);
        var grain = cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id);
        // The reminder is gone with the deadline: no tick can come any more, only pokes.
        Assert.Empty(await cluster.RemindersOf(grain));

        Assert.Equal(0, await grain.HandleDueDeadlines(RunSource.Manual));
        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await grain.HandleDueDeadlines(RunSource.External));

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", appointment.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM job_runs WHERE subject_id = $1::text", appointment.Id));
        Assert.Equal(1, (await cluster.Client.GetGrain<IPatientGrain>(patient.Id).Find())!.NoShowCount);
    }

    [Fact]
    public async Task AppointmentNotYetDueIsLeftAloneByAPoke()
    {
        var (hospital, _, appointment) = await BookNextHourAsync();
        Assert.Equal(0, await cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).HandleDueDeadlines(RunSource.Manual));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(appointment.Id)).Status);
    }

    [Fact]
    public async Task ThirdNoShowBlocksThePatientAndBlockedPatientsCannotBook()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var patient = await hospital.PatientAsync();
        var now = cluster.Clock.GetUtcNow();
        var booked = new List<AppointmentView>();
        for (var i = 0; i < 3; i++)
        {
            var (date, start) = hospital.SlotAt(now.AddHours(1).AddMinutes(15 * i));
            booked.Add(await hospital.BookAsync(patient.Id, date, start));
        }
        var (nextDate, nextStart) = hospital.SlotAt(now.AddHours(3));

        foreach (var appointment in booked)
        {
            await PassDeadlineAsync(hospital, appointment);
        }
        var blocked = await Eventually.Until(() => cluster.Client.GetGrain<IPatientGrain>(patient.Id).Find(),
            p => p!.NoShowCount == 3, what: "three no-shows counted");

        Assert.Equal(PatientStatus.BLOCKED, blocked!.Status);
        Assert.Equal("Blocked due to 3 no-show appointments", blocked.BlockedReason);
        Assert.Equal(booked[2].NoShowDueAt, blocked.BlockedAt);
        var refused = await Assert.ThrowsAsync<DomainException>(() => hospital.BookAsync(patient.Id, nextDate, nextStart));
        Assert.Equal("patient_blocked", refused.Code);
        Assert.Equal(403, refused.Status);
    }

    [Fact]
    public async Task TwoNoShowsDoNotBlock()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var patient = await hospital.PatientAsync();
        var now = cluster.Clock.GetUtcNow();
        for (var i = 0; i < 2; i++)
        {
            var (date, start) = hospital.SlotAt(now.AddHours(1).AddMinutes(15 * i));
            await PassDeadlineAsync(hospital, await hospital.BookAsync(patient.Id, date, start));
        }
        var counted = await Eventually.Until(() => cluster.Client.GetGrain<IPatientGrain>(patient.Id).Find(),
            p => p!.NoShowCount == 2, what: "two no-shows counted");
        Assert.Equal(PatientStatus.ACTIVE, counted!.Status);
        Assert.Null(counted.BlockedAt);
    }

    [Fact]
    public async Task AHospitalsOwnThresholdBlocksAtItsCount()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15, settings: new HospitalSettings(NoShowBlockThreshold: 2));
        var patient = await hospital.PatientAsync();
        var day = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone).AddDays(3);
        var patients = cluster.Client.GetGrain<IPatientGrain>(patient.Id);

        var first = await hospital.BookAsync(patient.Id, day, new TimeOnly(9, 0));
        await cluster.Client.GetGrain<IAppointmentGrain>(first.Id).MarkNoShow(NoShowReason.MANUAL_STAFF, null, hospital.Admin);
        Assert.Equal((1, PatientStatus.ACTIVE), ((await patients.Find())!.NoShowCount, (await patients.Find())!.Status));

        var second = await hospital.BookAsync(patient.Id, day, new TimeOnly(9, 15));
        await cluster.Client.GetGrain<IAppointmentGrain>(second.Id).MarkNoShow(NoShowReason.MANUAL_STAFF, null, hospital.Admin);
        var blocked = (await patients.Find())!;
        Assert.Equal((2, PatientStatus.BLOCKED, "Blocked due to 2 no-show appointments", cluster.Clock.GetUtcNow()),
            (blocked.NoShowCount, blocked.Status, blocked.BlockedReason, blocked.BlockedAt!.Value));
    }

    [Fact]
    public async Task TheSlotDurationIsTheOneOfTheBookingNotOfALaterChange()
    {
        var (hospital, _, appointment) = await BookNextHourAsync(slotDuration: 15);
        var doctor = cluster.Client.GetGrain<IDoctorGrain>(hospital.Doctor.Id);

        await doctor.Update(new UpdateDoctor(null, null, null, SlotDurationMinutes: 30, null, null, null), hospital.Admin);

        var kept = await hospital.GetAsync(appointment.Id);
        Assert.Equal((15, appointment.SlotStartsAt.AddMinutes(15)), (kept.SlotDurationMinutes, kept.NoShowDueAt));
        Assert.Equal(appointment.NoShowDueAt, (await cluster.RemindersOf(cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id)))[AppointmentDeadlines.NoShow.Name]);
        var noShow = await PassDeadlineAsync(hospital, appointment);
        Assert.Equal(appointment.SlotStartsAt.AddMinutes(15), noShow.UpdatedAt);
        var log = Assert.Single((await cluster.Client.GetGrain<INoShowQueryGrain>(0).GetLogs(
            new NoShowLogFilter(null, null, null, appointment.PatientId, null, Paging.Default), hospital.Admin)).Items);
        Assert.Equal((15, appointment.SlotStartsAt.AddMinutes(15)), (log.TimeoutMinutes, log.TriggeredAt));
    }
}
