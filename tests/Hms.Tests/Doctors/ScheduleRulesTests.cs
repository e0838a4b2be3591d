using Hms.Common;
using Hms.Doctors;

namespace Hms.Tests.Doctors;

public sealed class ScheduleRulesTests
{
    private static WeeklySchedule Day(DayOfWeek day, string start, string end, string? breakStart = null, string? breakEnd = null) =>
        new(day, TimeOnly.Parse(start), TimeOnly.Parse(end),
            breakStart is null ? null : TimeOnly.Parse(breakStart), breakEnd is null ? null : TimeOnly.Parse(breakEnd));

    /// <summary>Valid days at the edges of each rule: a one-minute day, a break that starts or ends with the day.</summary>
    [Theory]
    [InlineData("09:00", "17:00", "13:00", "14:00")]
    [InlineData("09:00", "09:01", null, null)]
    [InlineData("09:00", "17:00", "09:00", "10:00")]
    [InlineData("09:00", "17:00", "16:00", "17:00")]
    [InlineData("00:00", "23:59", null, null)]
    public void ValidDaysPass(string start, string end, string? breakStart, string? breakEnd) =>
        Assert.Null(Record.Exception(() => ScheduleRules.EnsureValid(
            [Day(DayOfWeek.Monday, start, end, breakStart, breakEnd), Day(DayOfWeek.Tuesday, "08:00", "12:00")])));

    [Theory]
    [InlineData("17:00", "09:00", null, null)]
    [InlineData("09:00", "09:00", null, null)]
    [InlineData("09:00", "17:00", "13:00", null)]
    [InlineData("09:00", "17:00", "14:00", "13:00")]
    [InlineData("09:00", "17:00", "08:00", "10:00")]
    [InlineData("09:00", "17:00", "16:00", "18:00")]
    public void InvalidDaysAreRejected(string start, string end, string? breakStart, string? breakEnd)
    {
        var error = Assert.Throws<DomainException>(() => ScheduleRules.EnsureValid([Day(DayOfWeek.Monday, start, end, breakStart, breakEnd)]));
        Assert.Equal("invalid_schedule", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void AWeekdayAppearsOnce()
    {
        var error = Assert.Throws<DomainException>(() => ScheduleRules.EnsureValid(
            [Day(DayOfWeek.Monday, "09:00", "12:00"), Day(DayOfWeek.Monday, "13:00", "17:00")]));
        Assert.Equal("invalid_schedule", error.Code);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(480, true)]
    [InlineData(481, false)]
    public void SlotDurationIsBetweenOneMinuteAndEightHours(int minutes, bool valid)
    {
        var error = Record.Exception(() => ScheduleRules.EnsureValidSlotDuration(minutes));
        Assert.Equal(valid, error is null);
    }
}
