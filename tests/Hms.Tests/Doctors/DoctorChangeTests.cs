using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Scheduling;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Doctors;

/// <summary>
/// What changes on the doctor's side do to slots, appointments and patients:
/// unavailability, schedule and slot-duration changes, absences and hospital holidays.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class DoctorChangeTests(GrainClusterFixture cluster)
{
    private const string HighOnSmsAndInApp = "priority = 'HIGH' AND 'sms' = ANY(channels) AND 'in_app' = ANY(channels)";

    /// <summary>Every day 09:00–17:00 with lunch 13:00–14:00: fourteen 30-minute slots a day.</summary>
    private static readonly ImmutableArray<WeeklySchedule> NineToFive =
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklySchedule(d, new TimeOnly(9, 0), new TimeOnly(17, 0), new TimeOnly(13, 0), new TimeOnly(14, 0)))];

    private static readonly UpdateDoctor Unavailable = new(null, null, null, null, null, IsAvailable: false, IsActive: null);

    private static TimeOnly T(string hhmm) => TimeOnly.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Starts(IEnumerable<SlotView> slots) => slots.Select(s => s.StartTime.ToString("HH:mm"));

    private Task<TestHospital> HospitalAsync() => TestHospital.CreateAsync(cluster.Client, slotDuration: 30, schedules: NineToFive);

    private DateOnly Today(TestHospital hospital) => ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);

    private IDoctorGrain DoctorOf(TestHospital hospital) => cluster.Client.GetGrain<IDoctorGrain>(hospital.Doctor.Id);

    private Task<ImmutableArray<SlotView>> SlotsAsync(TestHospital hospital, DateOnly date) =>
        cluster.Client.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(hospital.Doctor.Id, date)).GetSlots();

    /// <summary>The slot of the day's grid (not an off-schedule booking) that starts at <paramref name="start"/>.</summary>
    private static SlotView Slot(ImmutableArray<SlotView> slots, string start) =>
        Assert.Single(slots, s => s.StartTime == T(start) && !s.IsOffSchedule);

    /// <summary>Books a fresh patient into the doctor's slot.</summary>
    private static async Task<AppointmentView> BookAsync(TestHospital hospital, DateOnly date, string start) =>
        await hospital.BookAsync((await hospital.PatientAsync()).Id, date, T(start));

    private Task<long> NotificationsAsync(Guid patientId, string where = "true") =>
        TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            $"SELECT count(*) FROM notifications WHERE recipient_type = 'PATIENT' AND recipient_id = $1 AND ({where})",
            patientId.ToString());

    /// <summary>The patient got exactly one notification, and it is the one described.</summary>
    private async Task AssertOnlyNotificationAsync(Guid patientId, string where)
    {
        Assert.Equal(1, await NotificationsAsync(patientId));
        Assert.Equal(1, await NotificationsAsync(patientId, where));
    }

    private static NewAbsence FullDay(AbsenceType type, DateOnly from, DateOnly to) =>
        new(type, from, to, IsFullDay: true, null, null, "Away");

    private static NewAbsence PartDay(AbsenceType type, DateOnly date, string start, string end) =>
        new(type, date, date, IsFullDay: false, T(start), T(end), "Away part of the day");

    private static async Task RefusedAsync(Func<Task> call, int status, string code)
    {
        var error = await Assert.ThrowsAsync<DomainException>(call);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
    }

    [Fact]
    public async Task SettingADoctorUnavailableCancelsEveryAwaitedAppointmentAndNotifiesEachPatient()
    {
        var hospital = await HospitalAsync();
        var today = Today(hospital);
        var scheduled = await BookAsync(hospital, today.AddDays(2), "09:00");
        var later = await BookAsync(hospital, today.AddDays(5), "14:00");
        var confirmed = await BookAsync(hospital, today.AddDays(4), "11:00");
        await cluster.Client.GetGrain<IAppointmentGrain>(confirmed.Id).ChangeStatus(AppointmentStatus.CONFIRMED, null, hospital.Admin);
        var checkedIn = await BookAsync(hospital, today.AddDays(3), "10:00");
        await cluster.Client.GetGrain<IAppointmentGrain>(checkedIn.Id).CheckIn(hospital.Admin);
        var colleague = await cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(
            new RegisterDoctor("Ada", "Lovelace", null, 30, 30, NineToFive), hospital.Admin);
        var colleaguePatient = await hospital.PatientAsync("Grace", "Hopper");
        var colleagues = await cluster.Client.GetGrain<IAppointmentGrain>(Guid.NewGuid()).Book(
            new BookAppointment(colleaguePatient.Id, colleague.Id, today.AddDays(2), T("09:00"), null), hospital.Admin);

        var result = await DoctorOf(hospital).Update(Unavailable, hospital.Admin);

        Assert.False(result.Doctor.IsAvailable);
        Assert.Equal(3, result.CancelledAppointments);
        Assert.Equal(3, result.NotifiedPatients);
        Assert.Equal(new[] { scheduled.Id, later.Id, confirmed.Id }.Order(), result.AffectedAppointmentIds.Order());
        Assert.Empty(result.OffScheduleAppointmentIds);
        foreach (var booked in new[] { scheduled, later, confirmed })
        {
            var cancelled = await hospital.GetAsync(booked.Id);
            Assert.Equal(AppointmentStatus.CANCELLED, cancelled.Status);
            Assert.Equal("Doctor unavailable", cancelled.Notes);
            var slot = Slot(await SlotsAsync(hospital, booked.AppointmentDate), booked.StartTime.ToString("HH:mm"));
            Assert.False(slot.IsBooked);
            Assert.Null(slot.AppointmentId);
            Assert.True(slot.IsAvailable);
            await AssertOnlyNotificationAsync(booked.PatientId, $"{HighOnSmsAndInApp} AND type = 'APPOINTMENT_CANCELLED'");
        }
        Assert.Equal(AppointmentStatus.CHECKED_IN, (await hospital.GetAsync(checkedIn.Id)).Status);
        Assert.Equal(checkedIn.Id, Slot(await SlotsAsync(hospital, checkedIn.AppointmentDate), "10:00").AppointmentId);
        Assert.Equal(0, await NotificationsAsync(checkedIn.PatientId));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(colleagues.Id)).Status);
        Assert.Equal(0, await NotificationsAsync(colleaguePatient.Id));
        Assert.Equal(0, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM appointments WHERE doctor_id = $1 AND status IN ('SCHEDULED', 'CONFIRMED')", hospital.Doctor.Id));

        await RefusedAsync(() => BookAsync(hospital, today.AddDays(2), "09:00"), 400, "doctor_unavailable");
    }

    [Fact]
    public async Task DeactivatingADoctorCancelsTheirAppointmentsTheSameWay()
    {
        var hospital = await HospitalAsync();
        var booked = await BookAsync(hospital, Today(hospital).AddDays(3), "15:30");

        var result = await DoctorOf(hospital).Update(new UpdateDoctor(null, null, null, null, null, IsAvailable: null, IsActive: false), hospital.Admin);

        Assert.False(result.Doctor.IsActive);
        Assert.Equal(1, result.CancelledAppointments);
        Assert.Equal(1, result.NotifiedPatients);
        Assert.Equal<Guid>([booked.Id], result.AffectedAppointmentIds);
        var cancelled = await hospital.GetAsync(booked.Id);
        Assert.Equal(AppointmentStatus.CANCELLED, cancelled.Status);
        Assert.Equal("Doctor unavailable", cancelled.Notes);
        Assert.False(Slot(await SlotsAsync(hospital, booked.AppointmentDate), "15:30").IsBooked);
        await AssertOnlyNotificationAsync(booked.PatientId, HighOnSmsAndInApp);
    }

    [Fact]
    public async Task AnUpdateThatKeepsTheDoctorBookableCancelsNothing()
    {
        var hospital = await HospitalAsync();
        var booked = await BookAsync(hospital, Today(hospital).AddDays(3), "10:00");

        var result = await DoctorOf(hospital).Update(new UpdateDoctor("Anna", null, "Cardiology", null, 40, IsAvailable: true, IsActive: true), hospital.Admin);

        Assert.Equal(("Anna", "Cardiology", 40), (result.Doctor.FirstName, result.Doctor.Specialization, result.Doctor.MaxPatientsPerDay));
        Assert.Equal(0, result.CancelledAppointments);
        Assert.Empty(result.AffectedAppointmentIds);
        Assert.Empty(result.OffScheduleAppointmentIds);
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(booked.Id)).Status);
        Assert.Equal(0, await NotificationsAsync(booked.PatientId));
    }

    [Fact]
    public async Task ANewScheduleReportsAndNotifiesOnlyTheAppointmentsItLost()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(3);
        var early = await BookAsync(hospital, day, "09:00");
        var lost = await BookAsync(hospital, day, "16:00");
        var lateMorning = await BookAsync(hospital, day, "11:30");
        ImmutableArray<WeeklySchedule> mornings =
            [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklySchedule(d, new TimeOnly(9, 0), new TimeOnly(12, 0), null, null))];

        var result = await DoctorOf(hospital).SetSchedules(mornings, hospital.Admin);

        Assert.Equal<WeeklySchedule>(mornings, result.Doctor.Schedules);
        Assert.Equal<Guid>([lost.Id], result.AffectedAppointmentIds);
        Assert.Equal(1, result.NotifiedPatients);
        await AssertOnlyNotificationAsync(lost.PatientId, $"{HighOnSmsAndInApp} AND type = 'APPOINTMENT_SCHEDULE_CHANGED'");
        Assert.Equal(0, await NotificationsAsync(early.PatientId));
        Assert.Equal(0, await NotificationsAsync(lateMorning.PatientId));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(lost.Id)).Status);

        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "16:00"], Starts(slots));
        var offSchedule = Assert.Single(slots, s => s.IsOffSchedule);
        Assert.Equal((T("16:00"), T("16:30"), true, lost.Id), (offSchedule.StartTime, offSchedule.EndTime, offSchedule.IsBooked, offSchedule.AppointmentId ?? Guid.Empty));
        Assert.Equal(early.Id, Slot(slots, "09:00").AppointmentId);
        Assert.Equal(lateMorning.Id, Slot(slots, "11:30").AppointmentId);
        Assert.Equal(["09:30", "10:00", "10:30", "11:00"], Starts(slots.Where(s => s.IsAvailable)));
        Assert.Equal(6, (await SlotsAsync(hospital, day.AddDays(1))).Length);

        // Once the lost appointment is cancelled, its off-schedule slot goes with it.
        await cluster.Client.GetGrain<IAppointmentGrain>(lost.Id).Cancel("Rebooking elsewhere", hospital.Admin);
        Assert.DoesNotContain(await SlotsAsync(hospital, day), s => s.IsOffSchedule || s.StartTime == T("16:00"));
    }

    [Fact]
    public async Task RestoringTheSchedulePutsTheBookingBackOnTheGridAndKeepsManualBlocks()
    {
        var hospital = await HospitalAsync();
        var doctor = DoctorOf(hospital);
        var day = Today(hospital).AddDays(3);
        var afternoon = await BookAsync(hospital, day, "16:00");
        var dayGrain = cluster.Client.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(hospital.Doctor.Id, day));
        await dayGrain.SetBlocked(T("10:00"), blocked: true, "Ward round", hospital.Admin);
        ImmutableArray<WeeklySchedule> mornings =
            [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklySchedule(d, new TimeOnly(9, 0), new TimeOnly(12, 0), null, null))];
        await doctor.SetSchedules(mornings, hospital.Admin);
        var changed = await SlotsAsync(hospital, day);
        Assert.True(Assert.Single(changed, s => s.IsOffSchedule).IsBooked);
        Assert.Equal("Ward round", Slot(changed, "10:00").BlockedReason);

        var restored = await doctor.SetSchedules(NineToFive, hospital.Admin);

        Assert.Empty(restored.AffectedAppointmentIds);
        Assert.Equal(0, restored.NotifiedPatients);
        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(14, slots.Length);
        Assert.DoesNotContain(slots, s => s.IsOffSchedule);
        Assert.Equal(afternoon.Id, Slot(slots, "16:00").AppointmentId);
        Assert.Equal(["10:00"], Starts(slots.Where(s => s.IsBlocked)));
        Assert.Equal(12, slots.Count(s => s.IsAvailable));
    }

    [Fact]
    public async Task InvalidSchedulesAreRefusedAndChangeNothing()
    {
        var hospital = await HospitalAsync();
        var doctor = DoctorOf(hospital);
        WeeklySchedule Monday(string start, string end, string? breakStart = null, string? breakEnd = null) =>
            new(DayOfWeek.Monday, T(start), T(end), breakStart is null ? null : T(breakStart), breakEnd is null ? null : T(breakEnd));

        await RefusedAsync(() => doctor.SetSchedules([Monday("17:00", "09:00")], hospital.Admin), 400, "invalid_schedule");
        await RefusedAsync(() => doctor.SetSchedules([Monday("09:00", "09:00")], hospital.Admin), 400, "invalid_schedule");
        await RefusedAsync(() => doctor.SetSchedules([Monday("09:00", "17:00", "16:30", "17:30")], hospital.Admin), 400, "invalid_schedule");
        await RefusedAsync(() => doctor.SetSchedules([Monday("09:00", "17:00", "08:00", "09:30")], hospital.Admin), 400, "invalid_schedule");
        await RefusedAsync(() => doctor.SetSchedules([Monday("09:00", "12:00"), Monday("13:00", "17:00")], hospital.Admin), 400, "invalid_schedule");

        Assert.Equal<WeeklySchedule>(NineToFive, (await doctor.Get(hospital.Admin)).Schedules);
        Assert.Equal(14, (await SlotsAsync(hospital, Today(hospital).AddDays(2))).Length);
    }

    [Fact]
    public async Task ChangingTheSlotDurationReportsTheAppointmentsOffTheNewGrid()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(3);
        var nine = await BookAsync(hospital, day, "09:00");
        var ten = await BookAsync(hospital, day, "10:00");
        var checkedIn = await BookAsync(hospital, day.AddDays(1), "14:00");
        await cluster.Client.GetGrain<IAppointmentGrain>(checkedIn.Id).CheckIn(hospital.Admin);

        var result = await DoctorOf(hospital).Update(new UpdateDoctor(null, null, null, SlotDurationMinutes: 60, null, null, null), hospital.Admin);

        Assert.Equal(60, result.Doctor.SlotDurationMinutes);
        Assert.Equal(new[] { nine.Id, ten.Id }.Order(), result.OffScheduleAppointmentIds.Order());
        Assert.Equal(0, result.CancelledAppointments);
        Assert.Empty(result.AffectedAppointmentIds);
        await AssertOnlyNotificationAsync(nine.PatientId, $"{HighOnSmsAndInApp} AND type = 'APPOINTMENT_SCHEDULE_CHANGED'");
        await AssertOnlyNotificationAsync(ten.PatientId, $"{HighOnSmsAndInApp} AND type = 'APPOINTMENT_SCHEDULE_CHANGED'");
        Assert.Equal(0, await NotificationsAsync(checkedIn.PatientId));

        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(7, slots.Count(s => !s.IsOffSchedule));
        Assert.Equal(new[] { nine.Id, ten.Id }.Order(), slots.Where(s => s.IsOffSchedule).Select(s => s.AppointmentId!.Value).Order());
        // The free hours that share time with the kept half-hour bookings cannot be booked.
        Assert.Equal(["11:00", "12:00", "14:00", "15:00", "16:00"], Starts(slots.Where(s => s.IsAvailable)));
        await RefusedAsync(() => BookAsync(hospital, day, "09:00"), 409, "slot_blocked");
        Assert.Equal(AppointmentStatus.SCHEDULED, (await BookAsync(hospital, day, "11:00")).Status);
    }

    [Fact]
    public async Task AbsenceDatesAreValidated()
    {
        var hospital = await HospitalAsync();
        var doctor = DoctorOf(hospital);
        var today = Today(hospital);

        await RefusedAsync(() => doctor.AddAbsence(FullDay(AbsenceType.PERSONAL, today.AddDays(5), today.AddDays(4)), hospital.Admin),
            400, "invalid_absence_dates");
        await RefusedAsync(() => doctor.AddAbsence(FullDay(AbsenceType.PERSONAL, today.AddDays(-1), today.AddDays(2)), hospital.Admin),
            400, "absence_in_past");
        await RefusedAsync(() => doctor.AddAbsence(new NewAbsence(AbsenceType.PERSONAL, today.AddDays(2), today.AddDays(2), false, T("14:00"), null, null), hospital.Admin),
            400, "invalid_absence_times");
        Assert.Empty((await doctor.Get(hospital.Admin)).Absences);

        var startsToday = await doctor.AddAbsence(FullDay(AbsenceType.PERSONAL, today, today), hospital.Admin);
        Assert.Equal(AbsenceStatus.ACTIVE, startsToday.Absence.Status);
    }

    [Fact]
    public async Task OverlappingActiveAbsencesConflict()
    {
        var hospital = await HospitalAsync();
        var doctor = DoctorOf(hospital);
        var today = Today(hospital);
        var leave = await doctor.AddAbsence(FullDay(AbsenceType.ANNUAL_LEAVE, today.AddDays(3), today.AddDays(5)), hospital.Admin);

        await RefusedAsync(() => doctor.AddAbsence(FullDay(AbsenceType.TRAINING, today.AddDays(5), today.AddDays(6)), hospital.Admin),
            409, "absence_overlap");
        await RefusedAsync(() => doctor.AddAbsence(PartDay(AbsenceType.TRAINING, today.AddDays(4), "09:00", "10:00"), hospital.Admin),
            409, "absence_overlap");
        await doctor.AddAbsence(FullDay(AbsenceType.TRAINING, today.AddDays(6), today.AddDays(7)), hospital.Admin);

        // Partial days on the same date overlap only when their hours do.
        await doctor.AddAbsence(PartDay(AbsenceType.CONFERENCE, today.AddDays(10), "09:00", "12:00"), hospital.Admin);
        await doctor.AddAbsence(PartDay(AbsenceType.PERSONAL, today.AddDays(10), "14:00", "17:00"), hospital.Admin);
        await RefusedAsync(() => doctor.AddAbsence(PartDay(AbsenceType.OTHER, today.AddDays(10), "11:00", "15:00"), hospital.Admin),
            409, "absence_overlap");

        // A cancelled absence no longer stands in the way.
        await doctor.CancelAbsence(leave.Absence.Id, hospital.Admin);
        await doctor.AddAbsence(FullDay(AbsenceType.SICK_LEAVE, today.AddDays(4), today.AddDays(4)), hospital.Admin);
        Assert.Equal(4, (await doctor.Get(hospital.Admin)).ActiveAbsences.Count());
    }

    [Fact]
    public async Task ARegularAbsenceBlocksItsSlotsAndWarnsButCancelsNothing()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(3);
        var morning = await BookAsync(hospital, day, "10:00");
        var afternoon = await BookAsync(hospital, day, "15:00");
        var nextDay = await BookAsync(hospital, day.AddDays(1), "15:00");

        var result = await DoctorOf(hospital).AddAbsence(PartDay(AbsenceType.CONFERENCE, day, "14:00", "17:00"), hospital.Admin);

        Assert.Equal(1, result.AffectedAppointments);
        Assert.Contains("1 appointment", result.Warning);
        Assert.Empty(result.CancelledAppointmentIds);
        Assert.Equal(1, result.NotifiedPatients);
        Assert.Equal((AbsenceType.CONFERENCE, false, T("14:00"), T("17:00")),
            (result.Absence.Type, result.Absence.IsFullDay, result.Absence.StartTime ?? default, result.Absence.EndTime ?? default));
        foreach (var booked in new[] { morning, afternoon, nextDay })
        {
            Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(booked.Id)).Status);
        }
        await AssertOnlyNotificationAsync(afternoon.PatientId, "priority = 'NORMAL' AND type = 'APPOINTMENT_AFFECTED'");
        Assert.Equal(0, await NotificationsAsync(morning.PatientId));
        Assert.Equal(0, await NotificationsAsync(nextDay.PatientId));

        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"], Starts(slots.Where(s => s.IsBlocked)));
        Assert.Equal(afternoon.Id, Slot(slots, "15:00").AppointmentId);
        Assert.DoesNotContain(await SlotsAsync(hospital, day.AddDays(1)), s => s.IsBlocked);
        await RefusedAsync(() => BookAsync(hospital, day, "16:00"), 400, "doctor_absent");
        Assert.Equal(AppointmentStatus.SCHEDULED, (await BookAsync(hospital, day, "12:30")).Status);
    }

    [Fact]
    public async Task AFullDayAbsenceBlocksEverySlotOfItsDaysAndANoticeFreeOneGivesNoWarning()
    {
        var hospital = await HospitalAsync();
        var today = Today(hospital);

        var result = await DoctorOf(hospital).AddAbsence(FullDay(AbsenceType.SICK_LEAVE, today.AddDays(3), today.AddDays(4)), hospital.Admin);

        Assert.Equal(0, result.AffectedAppointments);
        Assert.Null(result.Warning);
        foreach (var offset in new[] { 3, 4 })
        {
            var slots = await SlotsAsync(hospital, today.AddDays(offset));
            Assert.Equal(14, slots.Length);
            Assert.All(slots, s => Assert.True(s.IsBlocked && !s.IsAvailable));
        }
        Assert.DoesNotContain(await SlotsAsync(hospital, today.AddDays(5)), s => s.IsBlocked);
    }

    [Fact]
    public async Task AnEmergencyCancelsTheAppointmentsInsideItAndReleasesTheirSlots()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(3);
        var first = await BookAsync(hospital, day, "09:00");
        var second = await BookAsync(hospital, day.AddDays(1), "16:00");
        var after = await BookAsync(hospital, day.AddDays(2), "09:00");

        var result = await DoctorOf(hospital).AddAbsence(FullDay(AbsenceType.EMERGENCY, day, day.AddDays(1)), hospital.Admin);

        Assert.Equal(2, result.AffectedAppointments);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), result.CancelledAppointmentIds.Order());
        Assert.Equal(2, result.NotifiedPatients);
        Assert.Contains("2 appointment", result.Warning);
        foreach (var booked in new[] { first, second })
        {
            var cancelled = await hospital.GetAsync(booked.Id);
            Assert.Equal(AppointmentStatus.CANCELLED, cancelled.Status);
            Assert.Equal("Auto-cancelled due to doctor emergency", cancelled.Notes);
            var slot = Slot(await SlotsAsync(hospital, booked.AppointmentDate), booked.StartTime.ToString("HH:mm"));
            Assert.False(slot.IsBooked);
            Assert.True(slot.IsBlocked);
            await AssertOnlyNotificationAsync(booked.PatientId,
                $"{HighOnSmsAndInApp} AND title = 'Appointment Cancelled - Doctor Emergency'");
        }
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(after.Id)).Status);
        Assert.Equal(0, await NotificationsAsync(after.PatientId));
    }

    [Fact]
    public async Task APartialDayEmergencyCancelsOnlyTheAppointmentsInItsHours()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(3);
        var morning = await BookAsync(hospital, day, "09:00");
        var afternoon = await BookAsync(hospital, day, "15:00");

        var result = await DoctorOf(hospital).AddAbsence(PartDay(AbsenceType.EMERGENCY, day, "14:00", "17:00"), hospital.Admin);

        Assert.Equal<Guid>([afternoon.Id], result.CancelledAppointmentIds);
        Assert.Equal(AppointmentStatus.CANCELLED, (await hospital.GetAsync(afternoon.Id)).Status);
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(morning.Id)).Status);
        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(morning.Id, Slot(slots, "09:00").AppointmentId);
        Assert.False(Slot(slots, "15:00").IsBooked);
        Assert.Equal(6, slots.Count(s => s.IsBlocked));
        Assert.Equal(0, await NotificationsAsync(morning.PatientId));
    }

    [Fact]
    public async Task CancellingAnAbsenceUnblocksItsSlots()
    {
        var hospital = await HospitalAsync();
        var doctor = DoctorOf(hospital);
        var day = Today(hospital).AddDays(3);
        var added = await doctor.AddAbsence(FullDay(AbsenceType.PERSONAL, day, day), hospital.Admin);
        var blocked = await SlotsAsync(hospital, day);
        Assert.Equal(14, blocked.Length);
        Assert.All(blocked, s => Assert.True(s.IsBlocked));
        await RefusedAsync(() => BookAsync(hospital, day, "10:00"), 400, "doctor_absent");

        var cancelled = await doctor.CancelAbsence(added.Absence.Id, hospital.Admin);

        Assert.Equal(AbsenceStatus.CANCELLED, cancelled.Status);
        Assert.Equal(cluster.Clock.GetUtcNow(), cancelled.CancelledAt);
        Assert.Equal(cancelled, await doctor.CancelAbsence(added.Absence.Id, hospital.Admin));
        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(14, slots.Length);
        Assert.All(slots, s => Assert.True(s.IsAvailable));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await BookAsync(hospital, day, "10:00")).Status);
        await RefusedAsync(() => doctor.CancelAbsence(Guid.NewGuid(), hospital.Admin), 404, "absence_not_found");
    }

    [Fact]
    public async Task UpdatingAnAbsenceRevalidatesItAndMovesTheBlockedSlots()
    {
        var hospital = await HospitalAsync();
        var doctor = DoctorOf(hospital);
        var day = Today(hospital).AddDays(3);
        var absence = (await doctor.AddAbsence(PartDay(AbsenceType.TRAINING, day, "09:00", "12:00"), hospital.Admin)).Absence;
        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"], Starts((await SlotsAsync(hospital, day)).Where(s => s.IsBlocked)));
        var other = (await doctor.AddAbsence(FullDay(AbsenceType.ANNUAL_LEAVE, day.AddDays(6), day.AddDays(7)), hospital.Admin)).Absence;
        var afternoonBooking = await BookAsync(hospital, day.AddDays(1), "14:30");

        var moved = await doctor.UpdateAbsence(absence.Id, PartDay(AbsenceType.TRAINING, day.AddDays(1), "14:00", "17:00"), hospital.Admin);

        Assert.Equal(absence.Id, moved.Absence.Id);
        Assert.Equal((day.AddDays(1), T("14:00")), (moved.Absence.StartDate, moved.Absence.StartTime ?? default));
        Assert.Equal(1, moved.AffectedAppointments);
        Assert.NotNull(moved.Warning);
        Assert.DoesNotContain(await SlotsAsync(hospital, day), s => s.IsBlocked);
        Assert.Equal(["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"], Starts((await SlotsAsync(hospital, day.AddDays(1))).Where(s => s.IsBlocked)));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await hospital.GetAsync(afternoonBooking.Id)).Status);

        var today = Today(hospital);
        await RefusedAsync(() => doctor.UpdateAbsence(absence.Id, FullDay(AbsenceType.TRAINING, day.AddDays(2), day.AddDays(1)), hospital.Admin),
            400, "invalid_absence_dates");
        await RefusedAsync(() => doctor.UpdateAbsence(absence.Id, FullDay(AbsenceType.TRAINING, today.AddDays(-1), day), hospital.Admin),
            400, "absence_in_past");
        await RefusedAsync(() => doctor.UpdateAbsence(absence.Id, FullDay(AbsenceType.TRAINING, day.AddDays(5), day.AddDays(6)), hospital.Admin),
            409, "absence_overlap");
        await doctor.CancelAbsence(other.Id, hospital.Admin);
        await RefusedAsync(() => doctor.UpdateAbsence(other.Id, FullDay(AbsenceType.TRAINING, day.AddDays(8), day.AddDays(8)), hospital.Admin),
            409, "absence_cancelled");
        // The refused changes left the absence where it was moved to.
        var kept = Assert.Single((await doctor.Get(hospital.Admin)).ActiveAbsences);
        Assert.Equal(moved.Absence, kept);
    }

    [Fact]
    public async Task AHolidayEmptiesItsDateAndRemovingItBringsTheSlotsBack()
    {
        var hospital = await HospitalAsync();
        var hospitalGrain = cluster.Client.GetGrain<IHospitalGrain>(hospital.Id);
        var day = Today(hospital).AddDays(3);
        Assert.Equal(14, (await SlotsAsync(hospital, day)).Length);

        var holiday = await hospitalGrain.AddHoliday(new AddHoliday("Founders' Day", day, IsRecurring: false, null), hospital.Admin);

        Assert.Empty(await SlotsAsync(hospital, day));
        Assert.Equal(14, (await SlotsAsync(hospital, day.AddDays(1))).Length);
        await RefusedAsync(() => BookAsync(hospital, day, "10:00"), 400, "hospital_holiday");
        await RefusedAsync(() => hospitalGrain.AddHoliday(new AddHoliday("Again", day, IsRecurring: false, null), hospital.Admin), 409, "holiday_exists");

        var removed = await hospitalGrain.RemoveHoliday(holiday.Id, hospital.Admin);

        Assert.False(removed.IsActive);
        var slots = await SlotsAsync(hospital, day);
        Assert.Equal(14, slots.Length);
        Assert.All(slots, s => Assert.True(s.IsAvailable));
        Assert.Equal(AppointmentStatus.SCHEDULED, (await BookAsync(hospital, day, "10:00")).Status);
    }

    [Fact]
    public async Task ARecurringHolidayFromAnEarlierYearEmptiesTheSameDayThisYear()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(4);

        await cluster.Client.GetGrain<IHospitalGrain>(hospital.Id).AddHoliday(
            new AddHoliday("Foundation Day", day.AddYears(-5), IsRecurring: true, "Every year"), hospital.Admin);

        Assert.Empty(await SlotsAsync(hospital, day));
        Assert.Equal(14, (await SlotsAsync(hospital, day.AddDays(1))).Length);
    }

    [Fact]
    public async Task NotifiedPatientsCountsPatientsNotAppointments()
    {
        var hospital = await HospitalAsync();
        var today = Today(hospital);
        var patient = await hospital.PatientAsync();
        await hospital.BookAsync(patient.Id, today.AddDays(2), T("09:00"));
        await hospital.BookAsync(patient.Id, today.AddDays(3), T("10:00"));

        var result = await DoctorOf(hospital).Update(Unavailable, hospital.Admin);

        Assert.Equal(2, result.CancelledAppointments);
        Assert.Equal(1, result.NotifiedPatients);
        Assert.Equal(2, await NotificationsAsync(patient.Id, HighOnSmsAndInApp));
    }

    [Fact]
    public async Task AScheduleChangeTellsOnlyTheAppointmentsItNewlyTakesOffTheGrid()
    {
        var hospital = await HospitalAsync();
        var monday = Today(hospital).AddDays(1);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }
        var afternoon = await BookAsync(hospital, monday, "16:00");
        var shorter = NineToFive.Select(s => s.DayOfWeek == DayOfWeek.Monday ? s with { EndTime = T("15:00") } : s).ToImmutableArray();

        var first = await DoctorOf(hospital).SetSchedules(shorter, hospital.Admin);
        Assert.Equal(afternoon.Id, Assert.Single(first.AffectedAppointmentIds));

        // A later change elsewhere in the week leaves Monday as it was: nobody is told again.
        var tuesdayOff = shorter.Where(s => s.DayOfWeek != DayOfWeek.Tuesday).ToImmutableArray();
        var second = await DoctorOf(hospital).SetSchedules(tuesdayOff, hospital.Admin);
        Assert.Empty(second.AffectedAppointmentIds);
        Assert.Equal(0, second.NotifiedPatients);
        Assert.Equal(1, await NotificationsAsync(afternoon.PatientId));
    }

    [Fact]
    public async Task UpdatingAnAbsenceTellsOnlyTheAppointmentsItNewlyTouches()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(3);
        var morning = await BookAsync(hospital, day, "09:00");
        var afternoon = await BookAsync(hospital, day, "15:00");
        var doctor = DoctorOf(hospital);
        var absence = await doctor.AddAbsence(PartDay(AbsenceType.TRAINING, day, "08:00", "10:00"), hospital.Admin);
        Assert.Equal(1, await NotificationsAsync(morning.PatientId));

        var widened = await doctor.UpdateAbsence(absence.Absence.Id, PartDay(AbsenceType.TRAINING, day, "08:00", "16:00"), hospital.Admin);

        Assert.Equal(2, widened.AffectedAppointments);
        Assert.Equal(1, await NotificationsAsync(morning.PatientId));
        Assert.Equal(1, await NotificationsAsync(afternoon.PatientId, "type = 'APPOINTMENT_AFFECTED'"));
    }
}
