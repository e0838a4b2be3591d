using System.Collections.Immutable;
using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Scheduling;

namespace Hms.Tests.Scheduling;

/// <summary>The pure rules behind a doctor's day: slots, absences and holidays.</summary>
public sealed class DaySlotsTests
{
    /// <summary>A Monday.</summary>
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private static readonly DateTimeOffset Created = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] NineToFiveStarts =
        ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
         "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"];

    private static TimeOnly T(string hhmm) => TimeOnly.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture);

    private static WeeklySchedule Day(DayOfWeek day, string start, string end, string? breakStart = null, string? breakEnd = null) =>
        new(day, T(start), T(end), breakStart is null ? null : T(breakStart), breakEnd is null ? null : T(breakEnd));

    /// <summary>Mondays 09:00–17:00 with lunch 13:00–14:00, 30-minute slots: 14 slots.</summary>
    private static DoctorView Doctor(int slotDuration = 30, ImmutableArray<WeeklySchedule>? schedules = null, params Absence[] absences) =>
        new(Guid.NewGuid(), "h-test", "Anagha", "Vijay", "General", slotDuration, 30, IsAvailable: true, IsActive: true,
            schedules ?? [Day(DayOfWeek.Monday, "09:00", "17:00", "13:00", "14:00")], Created, [.. absences], Version: 1, Created);

    private static HospitalView Hospital(params Holiday[] holidays) =>
        new("h-test", "Test Hospital", "Europe/Berlin", HospitalSettings.Default, Created, [.. holidays], Version: 1, Staff: []);

    private static Holiday HolidayOn(DateOnly date, bool recurring = false, bool active = true) =>
        new(Guid.NewGuid(), "Founders' Day", date, recurring, active, null);

    private static Absence FullDay(DateOnly from, DateOnly to, AbsenceStatus status = AbsenceStatus.ACTIVE) =>
        new(Guid.NewGuid(), AbsenceType.ANNUAL_LEAVE, from, to, IsFullDay: true, null, null, "Holiday trip", status, Created, "admin", null);

    private static Absence PartDay(DateOnly from, DateOnly to, string start, string end) =>
        new(Guid.NewGuid(), AbsenceType.CONFERENCE, from, to, IsFullDay: false, T(start), T(end), null, AbsenceStatus.ACTIVE,
            Created, "admin", null);

    private static NewAbsence Asked(DateOnly from, DateOnly to, string? start = null, string? end = null) =>
        new(AbsenceType.PERSONAL, from, to, IsFullDay: start is null && end is null,
            start is null ? null : T(start), end is null ? null : T(end), null);

    private static ImmutableArray<DaySlot> Fresh(DoctorView doctor, HospitalView? hospital = null) =>
        DaySlots.Build(Monday, doctor, hospital ?? Hospital(), []);

    private static ImmutableArray<DaySlot> Book(ImmutableArray<DaySlot> slots, string start, Guid appointmentId) =>
        [.. slots.Select(s => s.Start == T(start) ? s with { AppointmentId = appointmentId } : s)];

    private static IEnumerable<string> Starts(IEnumerable<DaySlot> slots) => slots.Select(s => s.Start.ToString("HH:mm"));

    [Fact]
    public void AScheduledDayWithoutHolidayOrAbsenceHasFourteenFreeSlots()
    {
        var slots = Fresh(Doctor());

        Assert.Equal(NineToFiveStarts, Starts(slots));
        Assert.All(slots, s => Assert.False(s.IsBooked || s.IsBlocked || s.OffSchedule));
        Assert.Equal(T("09:30"), slots[0].End);
    }

    [Fact]
    public void AnActiveHolidayHasNoSlots()
    {
        Assert.Empty(Fresh(Doctor(), Hospital(HolidayOn(Monday))));
        Assert.Equal(14, Fresh(Doctor(), Hospital(HolidayOn(Monday.AddDays(7)))).Length);
    }

    [Fact]
    public void ARecurringHolidayMatchesItsMonthAndDayInAnotherYear()
    {
        Assert.Empty(Fresh(Doctor(), Hospital(HolidayOn(Monday.AddYears(-3), recurring: true))));
        // The same date three years ago, not recurring, is a different day.
        Assert.Equal(14, Fresh(Doctor(), Hospital(HolidayOn(Monday.AddYears(-3)))).Length);
    }

    [Fact]
    public void AnInactiveHolidayIsIgnored()
    {
        Assert.Equal(14, Fresh(Doctor(), Hospital(HolidayOn(Monday, active: false))).Length);
        Assert.Equal(14, Fresh(Doctor(), Hospital(HolidayOn(Monday.AddYears(-1), recurring: true, active: false))).Length);
    }

    [Fact]
    public void AFullDayAbsenceBlocksEverySlot()
    {
        var slots = Fresh(Doctor(absences: FullDay(Monday.AddDays(-2), Monday)));

        Assert.Equal(14, slots.Length);
        Assert.All(slots, s =>
        {
            Assert.True(s.IsBlocked);
            Assert.Equal("Doctor absent: ANNUAL_LEAVE — Holiday trip", s.BlockedReason);
        });
    }

    [Fact]
    public void AnAbsenceOnOtherDaysOrCancelledBlocksNothing()
    {
        foreach (var slots in new[] { Fresh(Doctor(absences: FullDay(Monday.AddDays(1), Monday.AddDays(3)))),
                     Fresh(Doctor(absences: FullDay(Monday, Monday, AbsenceStatus.CANCELLED))) })
        {
            Assert.Equal(NineToFiveStarts, Starts(slots));
            Assert.All(slots, s => Assert.False(s.IsBlocked));
        }
    }

    [Fact]
    public void APartialDayAbsenceBlocksOnlyTheSlotsItOverlaps()
    {
        var afternoon = Fresh(Doctor(absences: PartDay(Monday, Monday, "14:00", "17:00")));
        Assert.Equal(["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"], Starts(afternoon.Where(s => s.IsBlocked)));
        Assert.Equal(8, afternoon.Count(s => !s.IsBlocked));

        // Touching is not overlapping: 10:15–10:45 takes part of 10:00 and of 10:30 only.
        var midMorning = Fresh(Doctor(absences: PartDay(Monday, Monday, "10:15", "10:45")));
        Assert.Equal(["10:00", "10:30"], Starts(midMorning.Where(s => s.IsBlocked)));
    }

    [Fact]
    public void APartialDayAbsenceOverSeveralDaysTakesTheSameHoursEachDay()
    {
        var slots = Fresh(Doctor(absences: PartDay(Monday.AddDays(-1), Monday.AddDays(1), "14:00", "17:00")));

        Assert.Equal(["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"], Starts(slots.Where(s => s.IsBlocked)));
    }

    [Fact]
    public void ARebuildKeepsBookedSlotsAndFlagsThoseTheNewGridLost()
    {
        var (kept, lost) = (Guid.NewGuid(), Guid.NewGuid());
        var before = Book(Book(Fresh(Doctor()), "09:00", kept), "16:00", lost);
        var mornings = Doctor(schedules: [Day(DayOfWeek.Monday, "09:00", "12:00")]);

        var after = DaySlots.Build(Monday, mornings, Hospital(), before);

        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "16:00"], Starts(after));
        var onGrid = Assert.Single(after, s => s.Start == T("09:00"));
        Assert.Equal(kept, onGrid.AppointmentId);
        Assert.False(onGrid.OffSchedule);
        var offGrid = Assert.Single(after, s => s.OffSchedule);
        Assert.Equal(lost, offGrid.AppointmentId);
        Assert.Equal((T("16:00"), T("16:30")), (offGrid.Start, offGrid.End));
        Assert.All(after.Where(s => !s.OffSchedule && s.Start != T("09:00")), s => Assert.False(s.IsBooked || s.IsBlocked));
    }

    [Fact]
    public void FreeSlotsTheNewGridLostDisappear()
    {
        var mornings = Doctor(schedules: [Day(DayOfWeek.Monday, "09:00", "12:00")]);

        var after = DaySlots.Build(Monday, mornings, Hospital(), Fresh(Doctor()));

        Assert.Equal(6, after.Length);
        Assert.DoesNotContain(after, s => s.OffSchedule);
    }

    [Fact]
    public void ManualBlocksSurviveARebuild()
    {
        ImmutableArray<DaySlot> blocked =
            [.. Fresh(Doctor()).Select(s => s.Start == T("10:00") ? s with { ManualBlock = true, ManualReason = "Ward round" } : s)];
        var withAbsenceElsewhere = Doctor(absences: PartDay(Monday, Monday, "15:00", "16:00")) with { Version = 2 };

        var after = DaySlots.Build(Monday, withAbsenceElsewhere, Hospital(), blocked);

        var slot = Assert.Single(after, s => s.Start == T("10:00"));
        Assert.True(slot.ManualBlock);
        Assert.True(slot.IsBlocked);
        Assert.Equal("Ward round", slot.BlockedReason);
        Assert.Equal(["10:00", "15:00", "15:30"], Starts(after.Where(s => s.IsBlocked)));
    }

    [Fact]
    public void AFreeSlotOverlappingAnOffScheduleBookingIsBlocked()
    {
        var appointment = Guid.NewGuid();
        var before = Book(Fresh(Doctor(slotDuration: 30)), "09:30", appointment);

        // 45-minute slots: 09:00–09:45 and 09:45–10:30 both share time with the booked 09:30–10:00.
        var after = DaySlots.Build(Monday, Doctor(slotDuration: 45), Hospital(), before);

        var offGrid = Assert.Single(after, s => s.OffSchedule);
        Assert.Equal((T("09:30"), T("10:00")), (offGrid.Start, offGrid.End));
        Assert.Equal(appointment, offGrid.AppointmentId);
        Assert.Equal(["09:00", "09:45"], Starts(after.Where(s => s.OverlapsOffSchedule)));
        Assert.All(after.Where(s => s.OverlapsOffSchedule), s =>
        {
            Assert.True(s.IsBlocked);
            Assert.Equal("Overlaps an appointment booked on the previous schedule", s.BlockedReason);
        });
        Assert.False(Assert.Single(after, s => s.Start == T("10:30")).IsBlocked);

        // Once the off-schedule booking is released, its neighbours are free again.
        var released = DaySlots.MarkOverlaps(after.Remove(offGrid));
        Assert.Equal(after.Length - 1, released.Length);
        Assert.All(released, s => Assert.False(s.IsBlocked));
    }

    [Fact]
    public void OnlyAWindowThatIsExactlyOneOfTheSlotsIsOnSchedule()
    {
        var doctor = Doctor();

        Assert.True(SlotGenerator.IsOnSchedule(doctor, Monday, T("09:00"), T("09:30")));
        Assert.True(SlotGenerator.IsOnSchedule(doctor, Monday, T("16:30"), T("17:00")));
        Assert.False(SlotGenerator.IsOnSchedule(doctor, Monday, T("09:15"), T("09:45")));
        Assert.False(SlotGenerator.IsOnSchedule(doctor, Monday, T("09:00"), T("09:45")));
        Assert.False(SlotGenerator.IsOnSchedule(doctor, Monday, T("13:00"), T("13:30")));
        Assert.False(SlotGenerator.IsOnSchedule(doctor, Monday, T("17:00"), T("17:30")));
        Assert.False(SlotGenerator.IsOnSchedule(doctor, Monday.AddDays(1), T("09:00"), T("09:30")));
    }

    [Fact]
    public void AValidAbsencePasses()
    {
        // At the edges: it starts today and ends the day it starts; a partial day one minute long.
        Assert.Null(Record.Exception(() => AbsenceRules.EnsureValid(Asked(Monday, Monday), today: Monday)));
        Assert.Null(Record.Exception(() => AbsenceRules.EnsureValid(Asked(Monday, Monday.AddDays(4), "14:00", "17:00"), today: Monday.AddDays(-1))));
        Assert.Null(Record.Exception(() => AbsenceRules.EnsureValid(Asked(Monday, Monday, "14:00", "14:01"), today: Monday)));
    }

    [Fact]
    public void AnAbsenceMustEndOnOrAfterItsStart()
    {
        var error = Assert.Throws<DomainException>(() => AbsenceRules.EnsureValid(Asked(Monday, Monday.AddDays(-1)), today: Monday.AddDays(-7)));
        Assert.Equal("invalid_absence_dates", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void AnAbsenceCannotStartBeforeToday()
    {
        var error = Assert.Throws<DomainException>(() => AbsenceRules.EnsureValid(Asked(Monday.AddDays(-1), Monday), today: Monday));
        Assert.Equal("absence_in_past", error.Code);
        Assert.Equal(400, error.Status);
        // An absence already under way may keep its start when it is changed.
        AbsenceRules.EnsureValid(Asked(Monday.AddDays(-1), Monday), today: Monday, startMayBePast: true);
    }

    [Theory]
    [InlineData(null, "17:00")]
    [InlineData("14:00", null)]
    [InlineData("17:00", "14:00")]
    [InlineData("14:00", "14:00")]
    public void APartialDayAbsenceNeedsAStartBeforeItsEnd(string? start, string? end)
    {
        var absence = new NewAbsence(AbsenceType.PERSONAL, Monday, Monday, IsFullDay: false,
            start is null ? null : T(start), end is null ? null : T(end), null);

        var error = Assert.Throws<DomainException>(() => AbsenceRules.EnsureValid(absence, today: Monday));
        Assert.Equal("invalid_absence_times", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void AbsencesOnDifferentDaysDoNotOverlap()
    {
        var existing = FullDay(Monday, Monday.AddDays(2));

        Assert.False(AbsenceRules.Overlap(existing, Asked(Monday.AddDays(3), Monday.AddDays(5))));
        Assert.False(AbsenceRules.Overlap(existing, Asked(Monday.AddDays(-3), Monday.AddDays(-1))));
        Assert.True(AbsenceRules.Overlap(existing, Asked(Monday.AddDays(2), Monday.AddDays(5))));
        Assert.True(AbsenceRules.Overlap(existing, Asked(Monday.AddDays(-5), Monday)));
        Assert.True(AbsenceRules.Overlap(existing, Asked(Monday.AddDays(-5), Monday.AddDays(9))));
    }

    [Fact]
    public void AFullDayOverlapsAnyPartOfTheSameDay()
    {
        Assert.True(AbsenceRules.Overlap(FullDay(Monday, Monday), Asked(Monday, Monday, "16:00", "17:00")));
        Assert.True(AbsenceRules.Overlap(PartDay(Monday, Monday, "09:00", "10:00"), Asked(Monday, Monday)));
    }

    [Fact]
    public void PartialDayAbsencesOverlapOnlyWhenTheirHoursDo()
    {
        var morning = PartDay(Monday, Monday.AddDays(1), "09:00", "12:00");

        Assert.False(AbsenceRules.Overlap(morning, Asked(Monday, Monday, "14:00", "17:00")));
        Assert.False(AbsenceRules.Overlap(morning, Asked(Monday.AddDays(1), Monday.AddDays(1), "12:00", "13:00")));
        Assert.True(AbsenceRules.Overlap(morning, Asked(Monday.AddDays(1), Monday.AddDays(3), "11:00", "15:00")));
        Assert.True(AbsenceRules.Overlap(morning, Asked(Monday, Monday, "10:00", "10:30")));
    }

    [Fact]
    public void AOneOffHolidayCoversOnlyItsDate()
    {
        var holiday = HolidayOn(Monday);

        Assert.True(holiday.Covers(Monday));
        Assert.False(holiday.Covers(Monday.AddDays(1)));
        Assert.False(holiday.Covers(Monday.AddYears(1)));
    }

    [Fact]
    public void ARecurringHolidayCoversItsMonthAndDayEveryYear()
    {
        var newYear = HolidayOn(new DateOnly(2020, 1, 1), recurring: true);

        Assert.True(newYear.Covers(new DateOnly(2020, 1, 1)));
        Assert.True(newYear.Covers(new DateOnly(2027, 1, 1)));
        Assert.True(newYear.Covers(new DateOnly(2019, 1, 1)));
        Assert.False(newYear.Covers(new DateOnly(2027, 1, 2)));
        Assert.False(newYear.Covers(new DateOnly(2027, 2, 1)));
    }

    [Fact]
    public void AnInactiveHolidayCoversNothing()
    {
        Assert.False(HolidayOn(Monday, active: false).Covers(Monday));
        Assert.False(HolidayOn(Monday, recurring: true, active: false).Covers(Monday.AddYears(1)));
    }
}
