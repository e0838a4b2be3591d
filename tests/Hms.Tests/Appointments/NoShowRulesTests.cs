using Hms.Appointments;
using Hms.Common;

namespace Hms.Tests.Appointments;

public sealed class NoShowRulesTests
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");

    private static DateTimeOffset Berlin0(int year, int month, int day, int hour, int minute) =>
        ZonedTime.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), Berlin);

    [Fact]
    public void DeadlineIsSlotStartPlusSlotDuration()
    {
        // Scenario A: 09:00 slot, 15-minute slots, NO_SHOW at 09:15.
        var start = Berlin0(2026, 1, 21, 9, 0);
        Assert.Equal(Berlin0(2026, 1, 21, 9, 15), NoShowRules.DueAt(start, 15));
        // 10:00 with 30-minute slots: NO_SHOW at 10:30.
        Assert.Equal(Berlin0(2026, 1, 21, 10, 30), NoShowRules.DueAt(Berlin0(2026, 1, 21, 10, 0), 30));
    }

    [Fact]
    public void DeadlineAcrossSpringForwardIsElapsedTimeNotWallClock()
    {
        // 01:45 CET + 30 min = 02:15 CET, which does not exist: the instant is 01:15 UTC = 03:15 CEST.
        var start = ZonedTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(1, 45), Berlin);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 45, 0, TimeSpan.Zero), start);
        var due = NoShowRules.DueAt(start, 30);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 15, 0, TimeSpan.Zero), due);
        Assert.Equal(new TimeOnly(3, 15), TimeOnly.FromDateTime(ZonedTime.ToLocal(due, Berlin)));
    }

    [Fact]
    public void DeadlineAcrossFallBackUsesTheFirstOccurrence()
    {
        // Berlin, 25 October 2026: 02:30 happens twice; the first is 00:30 UTC.
        var start = ZonedTime.ToInstant(new DateOnly(2026, 10, 25), new TimeOnly(2, 30), Berlin);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), NoShowRules.DueAt(start, 30));
    }

    [Theory]
    [InlineData(AppointmentStatus.SCHEDULED, true)]
    [InlineData(AppointmentStatus.CONFIRMED, true)]
    [InlineData(AppointmentStatus.CHECKED_IN, false)]
    [InlineData(AppointmentStatus.IN_PROGRESS, false)]
    [InlineData(AppointmentStatus.COMPLETED, false)]
    [InlineData(AppointmentStatus.NO_SHOW, false)]
    [InlineData(AppointmentStatus.CANCELLED, false)]
    public void OnlyScheduledOrConfirmedAppointmentsBecomeNoShow(AppointmentStatus status, bool awaited)
    {
        Assert.Equal(awaited, NoShowRules.StillAwaited(status));
    }

    [Fact]
    public void ScenarioC_StaffMarkingAtTenTenReleasesTheTenOClockSlot()
    {
        // Scenario C: 10:00 slot of 15 minutes, marked at 10:10 with 5 minutes left.
        var date = new DateOnly(2026, 1, 21);
        var slotEnd = Berlin0(2026, 1, 21, 10, 15);
        Assert.True(NoShowRules.CanReleaseSlot(date, slotEnd, Berlin0(2026, 1, 21, 10, 10), Berlin));
        Assert.False(NoShowRules.CanReleaseSlot(date, slotEnd, Berlin0(2026, 1, 21, 10, 10).AddSeconds(1), Berlin));
    }

    [Fact]
    public void AutomaticNoShowAtTheDeadlineNeverReleasesTheSlot()
    {
        // Scenario A: at 09:15 the slot has ended; nobody can use it any more.
        var slotEnd = Berlin0(2026, 1, 21, 9, 15);
        Assert.False(NoShowRules.CanReleaseSlot(new DateOnly(2026, 1, 21), slotEnd, slotEnd, Berlin));
    }

    [Fact]
    public void FutureDatesAlwaysReleaseAndPastDatesNever()
    {
        var now = Berlin0(2026, 1, 21, 23, 0);
        Assert.True(NoShowRules.CanReleaseSlot(new DateOnly(2026, 1, 22), Berlin0(2026, 1, 22, 0, 15), now, Berlin));
        Assert.False(NoShowRules.CanReleaseSlot(new DateOnly(2026, 1, 20), Berlin0(2026, 1, 20, 10, 15), now, Berlin));
    }

    [Fact]
    public void BlockedReasonNamesTheCount()
    {
        Assert.Equal("Blocked due to 3 no-show appointments", Patients.PatientRules.BlockedReason(3));
    }
}
