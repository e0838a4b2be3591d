using System.Collections.Immutable;
using System.Globalization;
using Hms.Appointments;
using Hms.Common;
using Hms.Jobs;
using Hms.Consultations;
using Hms.Hospitals;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.NoShow;

/// <summary>
/// Stage alerts as deadlines of the appointment grain, on the fixture's fake clock. Scenario B (a patient
/// checked in at 09:05 for a 09:00 slot of 15 minutes) is replayed minute by minute with the alert
/// instants (NO_VITALS at slot start + slotDuration + 5, NO_DOCTOR at + 10): vitals at 09:12 and the
/// doctor at 09:22 both come in time, so no alert is raised. A late variant shows each alert firing.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class StageAlertTests(GrainClusterFixture cluster)
{
    private static readonly Diagnosis Flu = new("J10", "Influenza");

    private sealed record Day(TestHospital Hospital, DateOnly Date, AppointmentView Appointment)
    {
        public DateTimeOffset At(string hhmm) => ZonedTime.ToInstant(Date, TimeOnly.Parse(hhmm, CultureInfo.InvariantCulture), Hospital.Zone);
    }

    /// <summary>A 09:00 appointment with 15-minute slots, booked at 08:00 two days ahead (the clock is set to 08:00 then).</summary>
    private async Task<Day> NineOClockAsync(HospitalSettings? settings = null)
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, "Europe/Berlin", slotDuration: 15, settings: settings);
        var date = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone).AddDays(2);
        cluster.Clock.SetUtcNow(ZonedTime.ToInstant(date, new TimeOnly(8, 0), hospital.Zone));
        var patient = await hospital.PatientAsync("Roy", "Anindya");
        return new Day(hospital, date, await hospital.BookAsync(patient.Id, date, new TimeOnly(9, 0)));
    }

    private IAppointmentGrain Grain(Day day) => cluster.Client.GetGrain<IAppointmentGrain>(day.Appointment.Id);

    private Task SetClock(DateTimeOffset instant) => cluster.Clock.FlowToAsync(instant);

    /// <summary>The appointment once it satisfies <paramref name="expected"/>; reminders fire asynchronously after the clock moves.</summary>
    private Task<AppointmentView> Expect(Day day, Func<AppointmentView, bool> expected, string what) =>
        Eventually.Until(() => day.Hospital.GetAsync(day.Appointment.Id), expected, TimeSpan.FromSeconds(5), what);

    private Task<ImmutableDictionary<string, DateTimeOffset>> RemindersAsync(Day day) => cluster.RemindersOf(Grain(day));

    /// <summary>Nothing is due now: a poke handles no deadline (a due one would be handled by it, or be there already).</summary>
    private async Task NothingDueAsync(Day day) => Assert.Equal(0, await Grain(day).HandleDueDeadlines(RunSource.Manual));

    private static StageAlertView? AlertOf(AppointmentView a, StageAlertType type) => a.Alerts.SingleOrDefault(x => x.Type == type);

    [Fact]
    public async Task ScenarioB_MinuteByMinute_VitalsAndDoctorInTimeRaiseNoAlert()
    {
        var day = await NineOClockAsync();
        var consultation = cluster.Client.GetGrain<IConsultationGrain>(day.Appointment.Id);
        for (var minute = day.At("08:00"); minute <= day.At("09:35"); minute = minute.AddMinutes(1))
        {
            await SetClock(minute);
            var local = ZonedTime.ToLocal(minute, day.Hospital.Zone).ToString("HH:mm", CultureInfo.InvariantCulture);
            var expected = local switch
            {
                "09:05" => await Grain(day).CheckIn(day.Hospital.Admin) is { } _ ? AppointmentStatus.CHECKED_IN : default,
                "09:12" => await Grain(day).RecordVitals(new Vitals(118, 76, 70, 36.7m, null, null, null, null), day.Hospital.Admin) is { } _
                    ? AppointmentStatus.CHECKED_IN : default,
                "09:22" => await consultation.Start("Dizziness", day.Hospital.Admin) is { } _ ? AppointmentStatus.IN_PROGRESS : default,
                "09:35" => await CompleteAsync(consultation, day),
                _ => string.CompareOrdinal(local, "09:05") < 0 ? AppointmentStatus.SCHEDULED
                    : string.CompareOrdinal(local, "09:22") < 0 ? AppointmentStatus.CHECKED_IN : AppointmentStatus.IN_PROGRESS,
            };
            Assert.True(await Grain(day).HandleDueDeadlines(RunSource.Manual) == 0, $"{local}: nothing should be due");
            var now = await day.Hospital.GetAsync(day.Appointment.Id);
            Assert.True(now.Status == expected, $"{local}: expected {expected}, was {now.Status}");
            Assert.True(now.Alerts.IsEmpty, $"{local}: no alert expected, got {string.Join(", ", now.Alerts.Select(a => a.Type))}");
        }
        var done = await day.Hospital.GetAsync(day.Appointment.Id);
        Assert.Equal(day.At("09:05"), done.CheckedInAt);
        Assert.Equal(day.At("09:12"), done.VitalsRecordedAt);
        Assert.Equal(0, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString, "SELECT count(*) FROM no_show_logs WHERE appointment_id = $1", day.Appointment.Id));
    }

    private async Task<AppointmentStatus> CompleteAsync(IConsultationGrain consultation, Day day)
    {
        await consultation.Update(new UpdateConsultation(null, [Flu], null), day.Hospital.Admin);
        await consultation.Complete(day.Hospital.Admin);
        return AppointmentStatus.COMPLETED;
    }

    [Fact]
    public async Task ScenarioB_Late_EachAlertFiresAtItsInstantAndResolvesWhenItsCauseEnds()
    {
        var day = await NineOClockAsync();
        await SetClock(day.At("09:05"));
        await Grain(day).CheckIn(day.Hospital.Admin);
        Assert.Equal(day.At("09:20"), (await RemindersAsync(day))[AppointmentDeadlines.NoVitals.Name]);

        await SetClock(day.At("09:19"));
        await NothingDueAsync(day);
        Assert.Empty((await day.Hospital.GetAsync(day.Appointment.Id)).Alerts);
        await SetClock(day.At("09:20"));
        var noVitals = AlertOf(await Expect(day, a => AlertOf(a, StageAlertType.NO_VITALS) is not null, "NO_VITALS at 09:20"), StageAlertType.NO_VITALS)!;
        Assert.Equal(StageAlertStatus.ACTIVE, noVitals.Status);
        Assert.Equal(day.At("09:20"), noVitals.TriggeredAt);
        Assert.Contains("Roy Anindya", noVitals.Message);
        Assert.Contains("checked in at 09:05", noVitals.Message);

        await SetClock(day.At("09:21"));
        var vitalsIn = await Grain(day).RecordVitals(new Vitals(120, 80, 72, null, null, null, null, null), day.Hospital.Admin);
        var resolved = AlertOf(vitalsIn, StageAlertType.NO_VITALS)!;
        Assert.Equal((StageAlertStatus.RESOLVED, StageAlertRules.System, day.At("09:21")), (resolved.Status, resolved.ResolvedBy, resolved.ResolvedAt!.Value));

        Assert.Equal(day.At("09:25"), (await RemindersAsync(day))[AppointmentDeadlines.NoDoctor.Name]);
        await SetClock(day.At("09:24"));
        await NothingDueAsync(day);
        Assert.Null(AlertOf(await day.Hospital.GetAsync(day.Appointment.Id), StageAlertType.NO_DOCTOR));
        await SetClock(day.At("09:25"));
        var noDoctor = AlertOf(await Expect(day, a => AlertOf(a, StageAlertType.NO_DOCTOR) is not null, "NO_DOCTOR at 09:25"), StageAlertType.NO_DOCTOR)!;
        Assert.Equal((StageAlertStatus.ACTIVE, day.At("09:25")), (noDoctor.Status, noDoctor.TriggeredAt));

        await SetClock(day.At("09:27"));
        await cluster.Client.GetGrain<IConsultationGrain>(day.Appointment.Id).Start("Headache", day.Hospital.Admin);
        var seen = await Expect(day, a => a.Status == AppointmentStatus.IN_PROGRESS, "consultation started");
        Assert.Equal(2, seen.Alerts.Length);
        Assert.All(seen.Alerts, a => Assert.Equal(StageAlertStatus.RESOLVED, a.Status));
        Assert.Equal(day.At("09:27"), AlertOf(seen, StageAlertType.NO_DOCTOR)!.ResolvedAt);

        // Each handling is a job run with its lateness; the waiting alert (09:50) never comes: the consultation
        // disarmed it, so no reminder is left to tick, and past its instant a poke finds nothing due.
        Assert.Empty(await RemindersAsync(day));
        await SetClock(day.At("10:00"));
        await NothingDueAsync(day);
        Assert.Null(AlertOf(await day.Hospital.GetAsync(day.Appointment.Id), StageAlertType.WAITING_TOO_LONG));
        Assert.Equal(2, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name IN ('NO_VITALS_DEADLINE', 'NO_DOCTOR_DEADLINE') AND status = 'COMPLETED' AND lateness_ms = 0",
            day.Appointment.Id.ToString()));
        Assert.Equal(2, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM stage_alerts WHERE appointment_id = $1 AND status = 'RESOLVED'", day.Appointment.Id));
    }

    [Fact]
    public async Task VitalsAfterTheDoctorsInstantRaiseNoDoctorAtOnce()
    {
        var day = await NineOClockAsync();
        await SetClock(day.At("09:05"));
        await Grain(day).CheckIn(day.Hospital.Admin);
        await SetClock(day.At("09:20"));
        await Expect(day, a => AlertOf(a, StageAlertType.NO_VITALS) is not null, "NO_VITALS");

        await SetClock(day.At("09:26"));
        var vitals = await Grain(day).RecordVitals(new Vitals(120, 80, 72, null, null, null, null, null), day.Hospital.Admin);

        var noDoctor = AlertOf(vitals, StageAlertType.NO_DOCTOR);
        Assert.NotNull(noDoctor);
        Assert.Equal((StageAlertStatus.ACTIVE, day.At("09:26")), (noDoctor.Status, noDoctor.TriggeredAt));
        Assert.Equal(StageAlertStatus.RESOLVED, AlertOf(vitals, StageAlertType.NO_VITALS)!.Status);
    }

    [Fact]
    public async Task WaitingTooLongFiresAtCheckInPlusTheHospitalsLimitOncePerAppointment()
    {
        var day = await NineOClockAsync(new HospitalSettings(WaitingTooLongMinutes: 20));
        await SetClock(day.At("09:05"));
        await Grain(day).CheckIn(day.Hospital.Admin);
        await Grain(day).RecordVitals(new Vitals(null, null, 70, null, null, null, null, null), day.Hospital.Admin);

        Assert.Equal(day.At("09:25"), (await RemindersAsync(day))[AppointmentDeadlines.Waiting.Name]);
        await SetClock(day.At("09:24"));
        await NothingDueAsync(day);
        Assert.Null(AlertOf(await day.Hospital.GetAsync(day.Appointment.Id), StageAlertType.WAITING_TOO_LONG));
        await SetClock(day.At("09:25"));
        var both = await Expect(day, a => a.Alerts.Length == 2, "WAITING_TOO_LONG and NO_DOCTOR at 09:25");
        Assert.Contains(both.Alerts, a => a.Type == StageAlertType.WAITING_TOO_LONG && a.TriggeredAt == day.At("09:25"));

        // Both raised, no deadline is left: no reminder ticks again, and later pokes raise nothing twice.
        Assert.Empty(await RemindersAsync(day));
        await SetClock(day.At("11:00"));
        await NothingDueAsync(day);
        Assert.Equal(2, (await day.Hospital.GetAsync(day.Appointment.Id)).Alerts.Length);
        Assert.Equal(2, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM stage_alerts WHERE appointment_id = $1", day.Appointment.Id));
    }

    [Fact]
    public async Task StaffAcknowledgeAndResolveAndCancellationResolvesTheRest()
    {
        var day = await NineOClockAsync(new HospitalSettings(WaitingTooLongMinutes: 15));
        await SetClock(day.At("09:05"));
        await Grain(day).CheckIn(day.Hospital.Admin);
        await SetClock(day.At("09:20"));
        var raised = await Expect(day, a => a.Alerts.Length == 2, "NO_VITALS and WAITING_TOO_LONG at 09:20");
        var noVitals = AlertOf(raised, StageAlertType.NO_VITALS)!;
        var nurse = day.Hospital.Admin with { UserId = "nurse-7" };

        var acknowledged = await Grain(day).AcknowledgeAlert(noVitals.Id, nurse);
        Assert.Equal((StageAlertStatus.ACKNOWLEDGED, "nurse-7"), (acknowledged.Status, acknowledged.AcknowledgedBy));
        Assert.Equal("alert_not_active", (await Assert.ThrowsAsync<DomainException>(() => Grain(day).AcknowledgeAlert(noVitals.Id, nurse))).Code);
        var resolved = await Grain(day).ResolveAlert(noVitals.Id, nurse);
        Assert.Equal((StageAlertStatus.RESOLVED, "nurse-7"), (resolved.Status, resolved.ResolvedBy));
        Assert.Equal("alert_resolved", (await Assert.ThrowsAsync<DomainException>(() => Grain(day).ResolveAlert(noVitals.Id, nurse))).Code);
        Assert.Equal("alert_not_found", (await Assert.ThrowsAsync<DomainException>(() => Grain(day).ResolveAlert(Guid.NewGuid(), nurse))).Code);

        var cancelled = await Grain(day).Cancel("Patient left", day.Hospital.Admin);
        var waiting = AlertOf(cancelled, StageAlertType.WAITING_TOO_LONG)!;
        Assert.Equal((StageAlertStatus.RESOLVED, StageAlertRules.System), (waiting.Status, waiting.ResolvedBy));
        Assert.Equal("nurse-7", AlertOf(cancelled, StageAlertType.NO_VITALS)!.ResolvedBy);
    }

    [Fact]
    public async Task AHospitalsOwnBuffersMoveTheNoVitalsAndNoDoctorInstants()
    {
        var day = await NineOClockAsync(new HospitalSettings(VitalsAlertBufferMinutes: 7, DoctorAlertBufferMinutes: 12, WaitingTooLongMinutes: 120));
        await SetClock(day.At("09:05"));
        await Grain(day).CheckIn(day.Hospital.Admin);
        Assert.Equal(day.At("09:22"), (await RemindersAsync(day))[AppointmentDeadlines.NoVitals.Name]);

        await SetClock(day.At("09:22"));
        var noVitals = AlertOf(await Expect(day, a => AlertOf(a, StageAlertType.NO_VITALS) is not null, "NO_VITALS at 09:22"), StageAlertType.NO_VITALS)!;
        Assert.Equal(day.At("09:22"), noVitals.TriggeredAt);

        await SetClock(day.At("09:23"));
        await Grain(day).RecordVitals(new Vitals(120, 80, 72, null, null, null, null, null), day.Hospital.Admin);
        Assert.Equal(day.At("09:27"), (await RemindersAsync(day))[AppointmentDeadlines.NoDoctor.Name]);
        await SetClock(day.At("09:27"));
        var noDoctor = AlertOf(await Expect(day, a => AlertOf(a, StageAlertType.NO_DOCTOR) is not null, "NO_DOCTOR at 09:27"), StageAlertType.NO_DOCTOR)!;
        Assert.Equal(day.At("09:27"), noDoctor.TriggeredAt);
    }

    [Fact]
    public async Task WaitingTooLongComesFortyFiveMinutesAfterCheckInByDefault()
    {
        var day = await NineOClockAsync();
        await SetClock(day.At("09:05"));
        await Grain(day).CheckIn(day.Hospital.Admin);
        Assert.Equal(day.At("09:50"), (await RemindersAsync(day))[AppointmentDeadlines.Waiting.Name]);

        await SetClock(day.At("09:50"));
        var waiting = AlertOf(await Expect(day, a => AlertOf(a, StageAlertType.WAITING_TOO_LONG) is not null, "WAITING_TOO_LONG at 09:50"),
            StageAlertType.WAITING_TOO_LONG)!;
        Assert.Equal(day.At("09:50"), waiting.TriggeredAt);
        Assert.Contains("(45 minutes)", waiting.Message);
    }
}
