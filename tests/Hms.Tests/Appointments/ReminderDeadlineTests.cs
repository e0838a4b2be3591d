using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;
using Hms.Jobs;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Appointments;

/// <summary>
/// An appointment's reminders are its own deadlines (src/Hms.Grains/Appointments/AppointmentGrain.Reminders.cs):
/// armed at booking for 24 h and 2 h before the slot, each sending the patient one notification, moved by a
/// reschedule, gone with a cancellation or a check-in, and skipped when the booking came after them.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class ReminderDeadlineTests(GrainClusterFixture cluster)
{
    private const string Reminder = "reminder";

    /// <summary>10:00 in the hospital's zone, <paramref name="days"/> days from the clock's today.</summary>
    private (DateOnly Date, TimeOnly Start, DateTimeOffset At) TenOClock(TestHospital hospital, int days)
    {
        var date = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone).AddDays(days);
        var start = new TimeOnly(10, 0);
        return (date, start, ZonedTime.ToInstant(date, start, hospital.Zone));
    }

    private Task<long> RemindersSentAsync(TestHospital hospital, Guid patientId) =>
        TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND type = 'APPOINTMENT_REMINDER' AND recipient_id = $2",
            hospital.Id, patientId.ToString());

    [Fact]
    public async Task EachReminderGoesOutOnceAtItsInstantThenTheDeadlineIsGone()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var patient = await hospital.PatientAsync();
        var slot = TenOClock(hospital, 3);
        var booked = await hospital.BookAsync(patient.Id, slot.Date, slot.Start);
        var grain = cluster.Client.GetGrain<IAppointmentGrain>(booked.Id);
        Assert.Equal(slot.At.AddHours(-24), (await cluster.RemindersOf(grain))[Reminder]);

        await cluster.At(slot.At.AddHours(-24), () => RemindersSentAsync(hospital, patient.Id), n => n == 1, "the 24-hour reminder sent");
        Assert.Equal(slot.At.AddHours(-2), (await cluster.RemindersOf(grain))[Reminder]);
        Assert.Equal(0, await grain.HandleDueDeadlines(RunSource.Manual)); // a second tick finds nothing due
        Assert.Equal(1, await RemindersSentAsync(hospital, patient.Id));

        await cluster.At(slot.At.AddHours(-2), () => RemindersSentAsync(hospital, patient.Id), n => n == 2, "the 2-hour reminder sent");
        await Eventually.Until(() => cluster.RemindersOf(grain), r => !r.ContainsKey(Reminder), what: "no reminder deadline left");
        Assert.True((await cluster.RemindersOf(grain)).ContainsKey(AppointmentDeadlines.NoShow.Name));
        Assert.Equal(2, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'APPOINTMENT_REMINDER_DEADLINE' AND items_processed = 1",
            booked.Id.ToString()));
    }

    /// <summary>A hospital without quiet hours: every reminder is exactly its offset before the slot, whatever the clock reads.</summary>
    private Task<TestHospital> HospitalWithoutQuietHoursAsync() => TestHospital.CreateAsync(cluster.Client, settings: new HospitalSettings(
        Reminders: ReminderSettings.Default with { QuietHoursStart = TimeOnly.MinValue, QuietHoursEnd = TimeOnly.MinValue }));

    [Fact]
    public async Task ARescheduleMovesTheRemindersAndACancellationEndsThem()
    {
        var hospital = await HospitalWithoutQuietHoursAsync();
        var patient = await hospital.PatientAsync();
        var first = TenOClock(hospital, 4);
        var booked = await hospital.BookAsync(patient.Id, first.Date, first.Start);
        var grain = cluster.Client.GetGrain<IAppointmentGrain>(booked.Id);
        Assert.Equal(first.At.AddHours(-24), (await cluster.RemindersOf(grain))[Reminder]);

        var later = TenOClock(hospital, 6);
        await grain.Reschedule(new RescheduleAppointment(later.Date, later.Start, null), hospital.Admin);
        Assert.Equal(later.At.AddHours(-24), (await cluster.RemindersOf(grain))[Reminder]);

        // A day later, moved to a slot three hours ahead: its 24-hour reminder had passed when it was moved (not
        // when it was booked), so the 2-hour one is next and nothing is sent late.
        await cluster.Clock.ReachAsync(cluster.Clock.GetUtcNow().AddHours(30));
        var (soonDate, soonStart) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(3).AddMinutes(15));
        var soon = await grain.Reschedule(new RescheduleAppointment(soonDate, soonStart, null), hospital.Admin);
        Assert.Equal(soon.SlotStartsAt.AddHours(-2), (await cluster.RemindersOf(grain))[Reminder]);
        Assert.Equal(0, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'APPOINTMENT_REMINDER_DEADLINE'", booked.Id.ToString()));

        await grain.Cancel("Travelling", hospital.Admin);
        Assert.False((await cluster.RemindersOf(grain)).ContainsKey(Reminder));
        Assert.Equal(0, await RemindersSentAsync(hospital, patient.Id));
    }

    [Fact]
    public async Task ABookingThreeHoursAheadGetsOnlyTheTwoHourReminderAndACheckInEndsIt()
    {
        var hospital = await HospitalWithoutQuietHoursAsync();
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(3).AddMinutes(15));
        var booked = await hospital.BookAsync(patient.Id, date, start);
        var grain = cluster.Client.GetGrain<IAppointmentGrain>(booked.Id);
        Assert.Equal(booked.SlotStartsAt.AddHours(-2), (await cluster.RemindersOf(grain))[Reminder]);

        await grain.CheckIn(hospital.Admin);
        Assert.False((await cluster.RemindersOf(grain)).ContainsKey(Reminder));
    }
}
