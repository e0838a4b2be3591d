using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Patients;
using Hms.Scheduling;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Appointments;

/// <summary>
/// The 14 booking validations, one rule at a time, each with its own code and
/// status, and their order: a request breaking several rules reports the first one.
/// Dates are whole days after the fake clock's today, so no test depends on the time of day.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class BookingValidationTests(GrainClusterFixture cluster)
{
    private static readonly TimeOnly Ten = new(10, 0);

    /// <summary>Every day 09:00–17:00 with a 13:00–14:00 break, except <paramref name="off"/>.</summary>
    private static ImmutableArray<WeeklySchedule> Workdays(DayOfWeek? off = null, TimeOnly? breakEnd = null) =>
        [.. Enum.GetValues<DayOfWeek>().Where(d => d != off).Select(d =>
            new WeeklySchedule(d, new TimeOnly(9, 0), new TimeOnly(17, 0), new TimeOnly(13, 0), breakEnd ?? new TimeOnly(14, 0)))];

    /// <summary>A hospital whose doctor works <see cref="Workdays"/> in 30-minute slots.</summary>
    private Task<TestHospital> HospitalAsync(HospitalSettings? settings = null, ImmutableArray<WeeklySchedule>? schedules = null,
        int maxPatientsPerDay = 200) =>
        TestHospital.CreateAsync(cluster.Client, slotDuration: 30, settings: settings, schedules: schedules ?? Workdays(),
            maxPatientsPerDay: maxPatientsPerDay);

    private DateOnly Today(TestHospital hospital) => ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);

    private Task<AppointmentView> BookAsync(TestHospital hospital, Guid patientId, Guid doctorId, DateOnly date, TimeOnly start) =>
        cluster.Client.GetGrain<IAppointmentGrain>(Guid.NewGuid())
            .Book(new BookAppointment(patientId, doctorId, date, start, "Check-up"), hospital.Admin);

    private static async Task RefusedAsync(string code, int status, Func<Task> booking)
    {
        var error = await Assert.ThrowsAsync<DomainException>(booking);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
    }

    private static async Task BookedAsync(Func<Task<AppointmentView>> booking) =>
        Assert.Equal(AppointmentStatus.SCHEDULED, (await booking()).Status);

    private Task<DoctorView> SecondDoctorAsync(TestHospital hospital) =>
        cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(
            new RegisterDoctor("Ada", "Second", "General", hospital.Doctor.SlotDurationMinutes, 200, hospital.Doctor.Schedules),
            hospital.Admin);

    private Task UpdateDoctorAsync(TestHospital hospital, bool? isAvailable = null, bool? isActive = null) =>
        cluster.Client.GetGrain<IDoctorGrain>(hospital.Doctor.Id)
            .Update(new UpdateDoctor(null, null, null, null, null, isAvailable, isActive), hospital.Admin);

    private Task AddHolidayAsync(TestHospital hospital, DateOnly date, bool recurring = false) =>
        cluster.Client.GetGrain<IHospitalGrain>(hospital.Id)
            .AddHoliday(new AddHoliday(recurring ? "Founders' Day" : "Closed", date, recurring, null), hospital.Admin);

    private Task AddAbsenceAsync(TestHospital hospital, DateOnly date, TimeOnly? from = null, TimeOnly? to = null) =>
        cluster.Client.GetGrain<IDoctorGrain>(hospital.Doctor.Id).AddAbsence(
            new NewAbsence(AbsenceType.CONFERENCE, date, date, IsFullDay: from is null, from, to, "Away"), hospital.Admin);

    /// <summary>
    /// A patient blocked the honest way: three of their appointments marked NO_SHOW by staff
    /// (the hospital's threshold is the default, 3). The fake clock is not moved.
    /// </summary>
    private async Task<PatientView> BlockedPatientAsync(TestHospital hospital)
    {
        var patient = await hospital.PatientAsync("Bea", "Blocked");
        var day = Today(hospital).AddDays(4);
        for (var i = 0; i < 3; i++)
        {
            var appointment = await hospital.BookAsync(patient.Id, day, new TimeOnly(9, 0).AddMinutes(30 * i));
            await cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).MarkNoShow(NoShowReason.MANUAL_STAFF, "Did not come", hospital.Admin);
        }
        var blocked = await Eventually.Until(() => cluster.Client.GetGrain<IPatientGrain>(patient.Id).Find(),
            p => p!.NoShowCount == 3, what: "three no-shows counted");
        Assert.Equal(PatientStatus.BLOCKED, blocked!.Status);
        return blocked;
    }

    // 1. Patient exists.

    [Fact]
    public async Task AnUnknownPatientIsNotFound()
    {
        var hospital = await HospitalAsync();
        await RefusedAsync("patient_not_found", 404, () => hospital.BookAsync(Guid.NewGuid(), Today(hospital).AddDays(2), Ten));
    }

    [Fact]
    public async Task APatientOfAnotherHospitalIsNotFound()
    {
        var hospital = await HospitalAsync();
        var other = await HospitalAsync();
        var stranger = await other.PatientAsync("Sam", "Elsewhere");
        var date = Today(hospital).AddDays(2);

        await RefusedAsync("patient_not_found", 404, () => hospital.BookAsync(stranger.Id, date, Ten));
        await BookedAsync(() => other.BookAsync(stranger.Id, date, Ten));
    }

    // 2. Patient not blocked.

    [Fact]
    public async Task APatientBlockedByThreeNoShowsIsForbidden()
    {
        var hospital = await HospitalAsync();
        var blocked = await BlockedPatientAsync(hospital);
        await RefusedAsync("patient_blocked", 403, () => hospital.BookAsync(blocked.Id, Today(hospital).AddDays(2), Ten));
    }

    // 3. Patient not already booked at that date and time.

    [Fact]
    public async Task APatientCannotHoldOneDateAndTimeWithTwoDoctors()
    {
        var hospital = await HospitalAsync();
        var second = await SecondDoctorAsync(hospital);
        var patient = await hospital.PatientAsync();
        var date = Today(hospital).AddDays(2);
        await hospital.BookAsync(patient.Id, date, Ten);

        await RefusedAsync("patient_double_booked", 409, () => BookAsync(hospital, patient.Id, second.Id, date, Ten));
        // Another time, or the same time on another date, is fine with the second doctor.
        await BookedAsync(() => BookAsync(hospital, patient.Id, second.Id, date, Ten.AddMinutes(30)));
        await BookedAsync(() => BookAsync(hospital, patient.Id, second.Id, date.AddDays(1), Ten));
    }

    [Fact]
    public async Task ANoShowFreesThePatientsDateAndTime()
    {
        var hospital = await HospitalAsync();
        var second = await SecondDoctorAsync(hospital);
        var patient = await hospital.PatientAsync();
        var date = Today(hospital).AddDays(2);
        var missed = await hospital.BookAsync(patient.Id, date, Ten);

        await cluster.Client.GetGrain<IAppointmentGrain>(missed.Id).MarkNoShow(NoShowReason.PATIENT_CALLED, "Cannot come", hospital.Admin);

        await BookedAsync(() => BookAsync(hospital, patient.Id, second.Id, date, Ten));
    }

    // 4. Doctor exists.

    [Fact]
    public async Task AnUnknownDoctorOrADoctorOfAnotherHospitalIsNotFound()
    {
        var hospital = await HospitalAsync();
        var other = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var date = Today(hospital).AddDays(2);

        await RefusedAsync("doctor_not_found", 404, () => BookAsync(hospital, patient.Id, Guid.NewGuid(), date, Ten));
        await RefusedAsync("doctor_not_found", 404, () => BookAsync(hospital, patient.Id, other.Doctor.Id, date, Ten));
    }

    // 5. Doctor available. 6. Doctor active.

    [Fact]
    public async Task AnUnavailableDoctorCannotBeBooked()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var date = Today(hospital).AddDays(2);
        await UpdateDoctorAsync(hospital, isAvailable: false);

        await RefusedAsync("doctor_unavailable", 400, () => hospital.BookAsync(patient.Id, date, Ten));
        await UpdateDoctorAsync(hospital, isAvailable: true);
        await BookedAsync(() => hospital.BookAsync(patient.Id, date, Ten));
    }

    [Fact]
    public async Task AnInactiveDoctorCannotBeBooked()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var date = Today(hospital).AddDays(2);
        await UpdateDoctorAsync(hospital, isActive: false);

        await RefusedAsync("doctor_inactive", 400, () => hospital.BookAsync(patient.Id, date, Ten));
        await UpdateDoctorAsync(hospital, isActive: true);
        await BookedAsync(() => hospital.BookAsync(patient.Id, date, Ten));
    }

    // 7. Date not in the past. 8. Date not beyond the horizon.

    [Fact]
    public async Task ADateInThePastIsRefused()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var today = Today(hospital);

        await RefusedAsync("date_in_past", 400, () => hospital.BookAsync(patient.Id, today.AddDays(-1), Ten));
        await RefusedAsync("date_in_past", 400, () => hospital.BookAsync(patient.Id, today.AddDays(-7), Ten));
    }

    [Fact]
    public async Task DayThirtyIsTheLastBookableDayByDefault()
    {
        var hospital = await HospitalAsync(settings: null);
        var patient = await hospital.PatientAsync();
        var today = Today(hospital);

        await BookedAsync(() => hospital.BookAsync(patient.Id, today.AddDays(30), Ten));
        var refused = await Assert.ThrowsAsync<DomainException>(() => hospital.BookAsync(patient.Id, today.AddDays(31), Ten));
        Assert.Equal(("date_too_far", 400, "Cannot book more than 30 days in advance."), (refused.Code, refused.Status, refused.Message));
    }

    [Fact]
    public async Task AHospitalsOwnHorizonMovesTheLastBookableDay()
    {
        var hospital = await HospitalAsync(new HospitalSettings(BookingHorizonDays: 7));
        var patient = await hospital.PatientAsync();
        var today = Today(hospital);

        await BookedAsync(() => hospital.BookAsync(patient.Id, today.AddDays(7), Ten));
        await RefusedAsync("date_too_far", 400, () => hospital.BookAsync(patient.Id, today.AddDays(8), Ten));
    }

    // 9. Hospital holiday.

    [Fact]
    public async Task AOneOffHolidayClosesItsDateOnly()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var holiday = Today(hospital).AddDays(5);
        await AddHolidayAsync(hospital, holiday);
        // A one-off holiday of last year does not close the same month and day this year.
        await AddHolidayAsync(hospital, holiday.AddDays(1).AddYears(-1));

        await RefusedAsync("hospital_holiday", 400, () => hospital.BookAsync(patient.Id, holiday, Ten));
        await BookedAsync(() => hospital.BookAsync(patient.Id, holiday.AddDays(1), Ten));
        await BookedAsync(() => hospital.BookAsync(patient.Id, holiday.AddDays(-1), Ten));
    }

    [Fact]
    public async Task ARecurringHolidayClosesItsMonthAndDayInLaterYears()
    {
        var hospital = await HospitalAsync(new HospitalSettings(BookingHorizonDays: 365));
        var patient = await hospital.PatientAsync();
        var today = Today(hospital);
        // Declared last year for a date ten days from now, and this year for a date already passed.
        var soon = today.AddDays(10);
        await AddHolidayAsync(hospital, soon.AddYears(-1), recurring: true);
        var passed = today.AddDays(-20);
        await AddHolidayAsync(hospital, passed, recurring: true);
        var nextYear = passed.AddYears(1);
        Assert.True(nextYear <= today.AddDays(365));

        await RefusedAsync("hospital_holiday", 400, () => hospital.BookAsync(patient.Id, soon, Ten));
        await RefusedAsync("hospital_holiday", 400, () => hospital.BookAsync(patient.Id, nextYear, Ten));
        await BookedAsync(() => hospital.BookAsync(patient.Id, soon.AddDays(1), Ten));
        await BookedAsync(() => hospital.BookAsync(patient.Id, nextYear.AddDays(-1), Ten));
    }

    // 10. Doctor absence.

    [Fact]
    public async Task AFullDayAbsenceRefusesEverySlotOfTheDay()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(3);
        await AddAbsenceAsync(hospital, day);

        await RefusedAsync("doctor_absent", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(9, 0)));
        await RefusedAsync("doctor_absent", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(16, 30)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day.AddDays(1), new TimeOnly(9, 0)));
    }

    [Fact]
    public async Task APartialDayAbsenceRefusesOnlyTheSlotsItOverlaps()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(3);
        await AddAbsenceAsync(hospital, day, new TimeOnly(10, 15), new TimeOnly(11, 0));

        // 10:00–10:30 overlaps the absence's first quarter hour, 10:30–11:00 lies inside it.
        await RefusedAsync("doctor_absent", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(10, 0)));
        await RefusedAsync("doctor_absent", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(10, 30)));
        // The slots that end at its start or begin at its end are untouched.
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(9, 30)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(11, 0)));
    }

    // 11. Within the schedule's hours.

    [Fact]
    public async Task TimesBeforeTheStartOrPastTheEndAreOutsideTheSchedule()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(2);

        await RefusedAsync("outside_schedule", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(8, 30)));
        await RefusedAsync("outside_schedule", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(17, 0)));
        // Starts inside the hours but would end at 17:15.
        await RefusedAsync("outside_schedule", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(16, 45)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(9, 0)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(16, 30)));
    }

    [Fact]
    public async Task AWeekdayWithoutAScheduleIsOutsideTheSchedule()
    {
        var day = ZonedTime.Today(cluster.Clock.GetUtcNow(), ZonedTime.Zone("Europe/Berlin")).AddDays(3);
        var hospital = await HospitalAsync(schedules: Workdays(off: day.DayOfWeek));
        var patient = await hospital.PatientAsync();

        await RefusedAsync("outside_schedule", 400, () => hospital.BookAsync(patient.Id, day, Ten));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day.AddDays(1), Ten));
    }

    // 12. Not during the break, and on the slot grid.

    [Fact]
    public async Task TheBreakCannotBeBooked()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(2);

        await RefusedAsync("during_break", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(13, 0)));
        await RefusedAsync("during_break", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(13, 30)));
        // 12:45–13:15 runs into the break.
        await RefusedAsync("during_break", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(12, 45)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(12, 30)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(14, 0)));
    }

    [Fact]
    public async Task AStartOffTheSlotGridIsNotASlot()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(2);

        await RefusedAsync("not_a_slot", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(10, 10)));
        await RefusedAsync("not_a_slot", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(10, 15)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, Ten));
    }

    [Fact]
    public async Task TheGridStartsAgainAtTheEndOfTheBreak()
    {
        // Afternoon slots run from 13:45: 13:45, 14:15, … so the morning's 14:00 is not one of them.
        var hospital = await HospitalAsync(schedules: Workdays(breakEnd: new TimeOnly(13, 45)));
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(2);

        await RefusedAsync("not_a_slot", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(14, 0)));
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, new TimeOnly(14, 15)));
    }

    // 13. Slot free.

    [Fact]
    public async Task ABookedSlotIsTaken()
    {
        var hospital = await HospitalAsync();
        var day = Today(hospital).AddDays(2);
        await hospital.BookAsync((await hospital.PatientAsync()).Id, day, Ten);
        var second = await hospital.PatientAsync("Ada", "Lovelace");

        await RefusedAsync("slot_taken", 409, () => hospital.BookAsync(second.Id, day, Ten));
        await BookedAsync(() => hospital.BookAsync(second.Id, day, Ten.AddMinutes(30)));
    }

    [Fact]
    public async Task ABlockedSlotIsRefusedUntilItIsUnblocked()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(2);
        var doctorDay = cluster.Client.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(hospital.Doctor.Id, day));
        Assert.True((await doctorDay.SetBlocked(Ten, true, "Equipment maintenance", hospital.Admin)).IsBlocked);

        await RefusedAsync("slot_blocked", 409, () => hospital.BookAsync(patient.Id, day, Ten));
        await doctorDay.SetBlocked(Ten, false, null, hospital.Admin);
        await BookedAsync(() => hospital.BookAsync(patient.Id, day, Ten));
    }

    // 14. Doctor's day not full.

    [Fact]
    public async Task TheThirdBookingOfADayWithTwoPlacesIsRefused()
    {
        var hospital = await HospitalAsync(maxPatientsPerDay: 2);
        var day = Today(hospital).AddDays(2);
        await hospital.BookAsync((await hospital.PatientAsync("P1", "Full")).Id, day, new TimeOnly(9, 0));
        await hospital.BookAsync((await hospital.PatientAsync("P2", "Full")).Id, day, new TimeOnly(9, 30));
        var third = await hospital.PatientAsync("P3", "Full");

        await RefusedAsync("doctor_day_full", 409, () => hospital.BookAsync(third.Id, day, Ten));
        await BookedAsync(() => hospital.BookAsync(third.Id, day.AddDays(1), Ten));
    }

    // The order: the first rule broken is the one reported.

    [Fact]
    public async Task AnUnknownPatientIsReportedBeforeAnUnknownDoctor()
    {
        var hospital = await HospitalAsync();
        await RefusedAsync("patient_not_found", 404,
            () => BookAsync(hospital, Guid.NewGuid(), Guid.NewGuid(), Today(hospital).AddDays(2), Ten));
    }

    [Fact]
    public async Task ABlockedPatientIsReportedBeforeAnUnavailableDoctorAndAPastDate()
    {
        var hospital = await HospitalAsync();
        var blocked = await BlockedPatientAsync(hospital);
        await UpdateDoctorAsync(hospital, isAvailable: false);

        await RefusedAsync("patient_blocked", 403, () => hospital.BookAsync(blocked.Id, Today(hospital).AddDays(-1), Ten));
    }

    [Fact]
    public async Task ADoubleBookingIsReportedBeforeAnUnknownDoctor()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var date = Today(hospital).AddDays(2);
        await hospital.BookAsync(patient.Id, date, Ten);

        await RefusedAsync("patient_double_booked", 409, () => BookAsync(hospital, patient.Id, Guid.NewGuid(), date, Ten));
    }

    [Fact]
    public async Task AnUnavailableDoctorIsReportedBeforeInactivityAPastDateAndAHoliday()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var yesterday = Today(hospital).AddDays(-1);
        await AddHolidayAsync(hospital, yesterday);
        await UpdateDoctorAsync(hospital, isAvailable: false, isActive: false);

        await RefusedAsync("doctor_unavailable", 400, () => hospital.BookAsync(patient.Id, yesterday, Ten));
        await UpdateDoctorAsync(hospital, isAvailable: true);
        await RefusedAsync("doctor_inactive", 400, () => hospital.BookAsync(patient.Id, yesterday, Ten));
    }

    [Fact]
    public async Task APastDateIsReportedBeforeAHoliday()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var yesterday = Today(hospital).AddDays(-1);
        await AddHolidayAsync(hospital, yesterday);

        await RefusedAsync("date_in_past", 400, () => hospital.BookAsync(patient.Id, yesterday, Ten));
    }

    [Fact]
    public async Task ADateBeyondTheHorizonIsReportedBeforeAHoliday()
    {
        var hospital = await HospitalAsync(new HospitalSettings(BookingHorizonDays: 30));
        var patient = await hospital.PatientAsync();
        var beyond = Today(hospital).AddDays(31);
        await AddHolidayAsync(hospital, beyond);

        await RefusedAsync("date_too_far", 400, () => hospital.BookAsync(patient.Id, beyond, Ten));
    }

    [Fact]
    public async Task AHolidayIsReportedBeforeAnAbsenceAndTheBreak()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(3);
        await AddHolidayAsync(hospital, day);
        await AddAbsenceAsync(hospital, day);

        await RefusedAsync("hospital_holiday", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(13, 0)));
    }

    [Fact]
    public async Task AnAbsenceIsReportedBeforeTimesOutsideTheScheduleAndTheBreak()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(3);
        await AddAbsenceAsync(hospital, day);

        await RefusedAsync("doctor_absent", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(7, 0)));
        await RefusedAsync("doctor_absent", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(13, 0)));
    }

    [Fact]
    public async Task TimesOutsideTheScheduleAndTheBreakAreReportedBeforeTheGrid()
    {
        var hospital = await HospitalAsync();
        var patient = await hospital.PatientAsync();
        var day = Today(hospital).AddDays(2);

        await RefusedAsync("outside_schedule", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(8, 10)));
        await RefusedAsync("during_break", 400, () => hospital.BookAsync(patient.Id, day, new TimeOnly(13, 10)));
    }

    [Fact]
    public async Task ATakenSlotIsReportedBeforeAFullDay()
    {
        var hospital = await HospitalAsync(maxPatientsPerDay: 1);
        var day = Today(hospital).AddDays(2);
        await hospital.BookAsync((await hospital.PatientAsync()).Id, day, Ten);
        var second = await hospital.PatientAsync("Ada", "Lovelace");

        await RefusedAsync("slot_taken", 409, () => hospital.BookAsync(second.Id, day, Ten));
        await RefusedAsync("doctor_day_full", 409, () => hospital.BookAsync(second.Id, day, Ten.AddMinutes(30)));
    }
}
