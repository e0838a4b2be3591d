using Hms.Appointments;
using Hms.Common;
using Hms.Jobs;
using Hms.Hospitals;
using Hms.Patients;
using Hms.Scheduling;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Appointments;

/// <summary>Reschedule, status changes, cancellation, check-in and vitals, and what they do to the deadline.</summary>
[Collection(GrainCollection.Name)]
public sealed class AppointmentLifecycleTests(GrainClusterFixture cluster)
{
    private IAppointmentGrain Grain(AppointmentView a) => cluster.Client.GetGrain<IAppointmentGrain>(a.Id);

    private Task<SlotView> SlotAsync(Guid doctorId, DateOnly date, TimeOnly start) =>
        cluster.Client.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(doctorId, date)).GetSlots()
            .ContinueWith(t => t.Result.Single(s => s.StartTime == start));

    private async Task<(TestHospital Hospital, PatientView Patient, AppointmentView Appointment)> BookAsync(TimeSpan ahead, int slotDuration = 15,
        HospitalSettings? settings = null)
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: slotDuration, settings: settings);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow() + ahead);
        return (hospital, patient, await hospital.BookAsync(patient.Id, date, start));
    }

    /// <summary>The clock reaches <paramref name="instant"/> and stays there until <paramref name="settled"/>.</summary>
    private Task PassAsync(DateTimeOffset instant, Func<Task<bool>> settled) =>
        cluster.At(instant, settled, done => done, $"settled at {instant:O}");

    private Task<long> LogsOf(AppointmentView a) =>
        TestPostgres.ScalarAsync<long>(cluster.ConnectionString, "SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", a.Id);

    [Fact]
    public async Task RescheduleTakesTheNewSlotReleasesTheOldAndMovesTheDeadline()
    {
        var (hospital, patient, booked) = await BookAsync(TimeSpan.FromHours(1));
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(3));

        var moved = await Grain(booked).Reschedule(new RescheduleAppointment(date, start, null), hospital.Admin);

        Assert.Equal((date, start, AppointmentStatus.SCHEDULED), (moved.AppointmentDate, moved.StartTime, moved.Status));
        Assert.Equal(ZonedTime.ToInstant(date, start, hospital.Zone).AddMinutes(15), moved.NoShowDueAt);
        Assert.Equal(booked.Id, (await SlotAsync(hospital.Doctor.Id, date, start)).AppointmentId);
        Assert.False((await SlotAsync(hospital.Doctor.Id, booked.AppointmentDate, booked.StartTime)).IsBooked);

        // The one NO_SHOW reminder moved to the new deadline, so nothing ticks at the old one, and a
        // poke after the old instant marks nothing (it may send the new slot's 2-hour reminder, now due);
        // the new deadline marks NO_SHOW at its instant.
        Assert.Equal(moved.NoShowDueAt, (await cluster.RemindersOf(Grain(booked)))[AppointmentDeadlines.NoShow.Name]);
        cluster.Clock.SetUtcNow(booked.NoShowDueAt.AddMinutes(1));
        await Grain(booked).HandleDueDeadlines(RunSource.Manual);
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(booked.Id)).Status);
        Assert.Equal(0, await LogsOf(booked));
        await PassAsync(moved.NoShowDueAt, async () => (await hospital.GetAsync(booked.Id)).Status == AppointmentStatus.NO_SHOW);
        Assert.Equal(1, await LogsOf(booked));
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM no_show_logs WHERE appointment_id = $1 AND triggered_at = $2", booked.Id, moved.NoShowDueAt.UtcDateTime));
    }

    [Fact]
    public async Task ARefusedRescheduleLeavesTheOriginalBookingIntact()
    {
        var (hospital, patient, booked) = await BookAsync(TimeSpan.FromHours(1));
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        await hospital.BookAsync((await hospital.PatientAsync("Ada", "Taken")).Id, date, start);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            Grain(booked).Reschedule(new RescheduleAppointment(date, start, null), hospital.Admin));

        Assert.Equal("slot_taken", refused.Code);
        var unchanged = await hospital.GetAsync(booked.Id);
        Assert.Equal((booked.AppointmentDate, booked.StartTime, booked.NoShowDueAt), (unchanged.AppointmentDate, unchanged.StartTime, unchanged.NoShowDueAt));
        Assert.Equal(booked.Id, (await SlotAsync(hospital.Doctor.Id, booked.AppointmentDate, booked.StartTime)).AppointmentId);
        // The patient still holds the original time, and its deadline still fires.
        Assert.True(await cluster.Client.GetGrain<IPatientGrain>(patient.Id).IsBookedAt(booked.AppointmentDate, booked.StartTime, Guid.NewGuid()));
        await PassAsync(booked.NoShowDueAt, async () => (await hospital.GetAsync(booked.Id)).Status == AppointmentStatus.NO_SHOW);
    }

    [Fact]
    public async Task ARescheduleThatFailsAfterTakingTheNewSlotGivesItBack()
    {
        var (hospital, patient, booked) = await BookAsync(TimeSpan.FromHours(1));
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(4));
        await cluster.FailNextWriteOf("appointment", Grain(booked));

        await Assert.ThrowsAnyAsync<Exception>(() => Grain(booked).Reschedule(new RescheduleAppointment(date, start, null), hospital.Admin));

        Assert.False((await SlotAsync(hospital.Doctor.Id, date, start)).IsBooked);
        Assert.Equal(booked.Id, (await SlotAsync(hospital.Doctor.Id, booked.AppointmentDate, booked.StartTime)).AppointmentId);
        var patients = cluster.Client.GetGrain<IPatientGrain>(patient.Id);
        Assert.True(await patients.IsBookedAt(booked.AppointmentDate, booked.StartTime, Guid.NewGuid()));
        Assert.False(await patients.IsBookedAt(date, start, Guid.NewGuid()));
        Assert.Equal(booked.StartTime, (await hospital.GetAsync(booked.Id)).StartTime);
    }

    [Fact]
    public async Task StatusesMoveForwardAndStampTheirTimes()
    {
        var (hospital, _, booked) = await BookAsync(TimeSpan.FromHours(1));
        var grain = Grain(booked);

        Assert.Equal(AppointmentStatus.CONFIRMED, (await grain.ChangeStatus(AppointmentStatus.CONFIRMED, null, hospital.Admin)).Status);
        var checkedIn = await grain.CheckIn(hospital.Admin);
        Assert.Equal(AppointmentStatus.CHECKED_IN, checkedIn.Status);
        Assert.Equal(cluster.Clock.GetUtcNow(), checkedIn.CheckedInAt);
        var vitals = await grain.RecordVitals(new Vitals(120, 80, 72, 36.8m, 16, 98, 70.5m, "calm"), hospital.Admin);
        Assert.Equal(cluster.Clock.GetUtcNow(), vitals.VitalsRecordedAt);
        Assert.Equal(72, vitals.Vitals!.HeartRate);
        Assert.Equal(AppointmentStatus.IN_PROGRESS, (await grain.ChangeStatus(AppointmentStatus.IN_PROGRESS, null, hospital.Admin)).Status);
        var completed = await grain.ChangeStatus(AppointmentStatus.COMPLETED, "seen", hospital.Admin);
        Assert.Equal(AppointmentStatus.COMPLETED, completed.Status);
        Assert.Equal(cluster.Clock.GetUtcNow(), completed.CompletedAt);

        foreach (var backwards in new[] { AppointmentStatus.IN_PROGRESS, AppointmentStatus.CANCELLED, AppointmentStatus.CONFIRMED })
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => grain.ChangeStatus(backwards, null, hospital.Admin));
            Assert.Equal(("invalid_status_transition", 409), (error.Code, error.Status));
        }
    }

    [Fact]
    public async Task VitalsBeforeCheckInAre409()
    {
        var (hospital, _, booked) = await BookAsync(TimeSpan.FromHours(1));
        var error = await Assert.ThrowsAsync<DomainException>(() => Grain(booked).RecordVitals(new Vitals(120, 80, null, null, null, null, null, null), hospital.Admin));
        Assert.Equal(("invalid_status_for_vitals", 409), (error.Code, error.Status));
    }

    [Fact]
    public async Task CheckInDisarmsTheNoShowDeadline()
    {
        // A long waiting limit, so that no stage alert is due two minutes after the slot either.
        var (hospital, _, booked) = await BookAsync(TimeSpan.FromMinutes(30), settings: new HospitalSettings(WaitingTooLongMinutes: 120));
        Assert.Contains(AppointmentDeadlines.NoShow.Name, await cluster.RemindersOf(Grain(booked)));
        await Grain(booked).CheckIn(hospital.Admin);

        // The NO_SHOW reminder is gone, so no tick can come for it; past its instant a poke finds nothing due.
        Assert.DoesNotContain(AppointmentDeadlines.NoShow.Name, await cluster.RemindersOf(Grain(booked)));
        cluster.Clock.SetUtcNow(booked.NoShowDueAt.AddMinutes(2));
        Assert.Equal(0, await Grain(booked).HandleDueDeadlines(RunSource.Manual));
        Assert.Equal(AppointmentStatus.CHECKED_IN, (await hospital.GetAsync(booked.Id)).Status);
        Assert.Equal(0, await LogsOf(booked));
    }

    [Fact]
    public async Task CancellingReleasesSlotAndPatientTimeAndDisarmsTheDeadline()
    {
        var (hospital, patient, booked) = await BookAsync(TimeSpan.FromHours(1));

        var cancelled = await Grain(booked).Cancel("Patient asked", hospital.Admin);

        Assert.Equal(AppointmentStatus.CANCELLED, cancelled.Status);
        Assert.Equal("Patient asked", cancelled.Notes);
        Assert.Equal(cluster.Clock.GetUtcNow(), cancelled.CancelledAt);
        Assert.Empty(await cluster.RemindersOf(Grain(booked)));
        Assert.False((await SlotAsync(hospital.Doctor.Id, booked.AppointmentDate, booked.StartTime)).IsBooked);
        // The same patient can take the same time again.
        var again = await hospital.BookAsync(patient.Id, booked.AppointmentDate, booked.StartTime);
        Assert.Equal(AppointmentStatus.SCHEDULED, again.Status);

        await PassAsync(again.NoShowDueAt, async () => (await hospital.GetAsync(again.Id)).Status == AppointmentStatus.NO_SHOW);
        Assert.Equal(AppointmentStatus.CANCELLED, (await hospital.GetAsync(booked.Id)).Status);
        Assert.Equal(0, await LogsOf(booked));
        var twice = await Assert.ThrowsAsync<DomainException>(() => Grain(booked).Cancel(null, hospital.Admin));
        Assert.Equal("invalid_status_transition", twice.Code);
    }

    [Fact]
    public async Task ScenarioC_StaffMarkingNoShowWithFiveMinutesLeftReleasesTheSlot()
    {
        var (hospital, patient, booked) = await BookAsync(TimeSpan.FromHours(1), slotDuration: 15);
        // 10:10 for a 10:00–10:15 slot: five minutes left.
        cluster.Clock.SetUtcNow(booked.SlotStartsAt.AddMinutes(10));

        var marked = await Grain(booked).MarkNoShow(NoShowReason.MANUAL_STAFF, "Did not arrive", hospital.Admin);

        Assert.Equal(AppointmentStatus.NO_SHOW, marked.Appointment.Status);
        Assert.Equal(NoShowReason.MANUAL_STAFF, marked.Log.Reason);
        Assert.True(marked.Log.SlotReleased);
        Assert.Equal(cluster.Clock.GetUtcNow(), marked.Log.SlotReleasedAt);
        Assert.Equal(hospital.Admin.UserId, marked.Log.CreatedBy);
        Assert.False((await SlotAsync(hospital.Doctor.Id, booked.AppointmentDate, booked.StartTime)).IsBooked);
        // Patient B can now book 10:00.
        var other = await hospital.BookAsync((await hospital.PatientAsync("Patient", "B")).Id, booked.AppointmentDate, booked.StartTime);
        Assert.Equal(AppointmentStatus.SCHEDULED, other.Status);
        Assert.Equal(1, (await cluster.Client.GetGrain<IPatientGrain>(patient.Id).Find())!.NoShowCount);
        // The automatic deadline is disarmed with the marking: no tick can come, and a poke past its
        // instant finds nothing due.
        Assert.Empty(await cluster.RemindersOf(Grain(booked)));
        cluster.Clock.SetUtcNow(booked.NoShowDueAt.AddSeconds(5));
        Assert.Equal(0, await Grain(booked).HandleDueDeadlines(RunSource.Manual));
        Assert.Equal(1, await LogsOf(booked));
    }

    [Fact]
    public async Task MarkingNoShowWithLessThanFiveMinutesLeftKeepsTheSlot()
    {
        var (hospital, _, booked) = await BookAsync(TimeSpan.FromHours(1), slotDuration: 15);
        cluster.Clock.SetUtcNow(booked.SlotStartsAt.AddMinutes(10).AddSeconds(1));

        var marked = await Grain(booked).MarkNoShow(NoShowReason.PATIENT_CALLED, null, hospital.Admin);

        Assert.False(marked.Log.SlotReleased);
        Assert.Null(marked.Log.SlotReleasedAt);
        Assert.True((await SlotAsync(hospital.Doctor.Id, booked.AppointmentDate, booked.StartTime)).IsBooked);
    }

    [Fact]
    public async Task MarkingNoShowOnADayAheadReleasesTheSlot()
    {
        var (hospital, _, booked) = await BookAsync(TimeSpan.FromDays(2));
        var marked = await Grain(booked).MarkNoShow(NoShowReason.MANUAL_DOCTOR, null, hospital.Admin);
        Assert.True(marked.Log.SlotReleased);
        var checkedIn = await Assert.ThrowsAsync<DomainException>(() => Grain(booked).CheckIn(hospital.Admin));
        Assert.Equal("invalid_status_transition", checkedIn.Code);
    }
}
