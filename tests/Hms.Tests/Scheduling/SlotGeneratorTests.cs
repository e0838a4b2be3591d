using Hms.Doctors;

namespace Hms.Tests.Scheduling;

public sealed class SlotGeneratorTests
{
    private static readonly WeeklySchedule NineToFiveWithLunch =
        new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0), new TimeOnly(13, 0), new TimeOnly(14, 0));

    [Theory]
    [InlineData(15, 28)]
    [InlineData(20, 21)]
    [InlineData(30, 14)]
    [InlineData(45, 9)]
    [InlineData(60, 7)]
    public void EightHourDayWithOneHourBreakGives28_21_14_9_7Slots(int slotDuration, int expected)
    {
        Assert.Equal(expected, SlotGenerator.ForSchedule(NineToFiveWithLunch, slotDuration).Length);
    }

    [Fact]
    public void ThirtyMinuteSlotsRunFromNineToOneAndTwoToFive()
    {
        var starts = SlotGenerator.ForSchedule(NineToFiveWithLunch, 30).Select(s => s.Start.ToString("HH:mm"));
        Assert.Equal(
            ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
             "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"], starts);
    }

    [Fact]
    public void AfternoonRestartsAtBreakEndAndNoSlotRunsPastASessionEnd()
    {
        var slots = SlotGenerator.ForSchedule(NineToFiveWithLunch, 45);
        Assert.Equal(new TimeOnly(12, 0), slots[4].Start);
        Assert.Equal(new TimeOnly(12, 45), slots[4].End);
        Assert.Equal(new TimeOnly(14, 0), slots[5].Start);
        Assert.Equal(new TimeOnly(16, 15), slots[^1].Start);
        Assert.All(slots, s => Assert.True(s.End <= new TimeOnly(13, 0) || s.Start >= new TimeOnly(14, 0)));
    }

    [Fact]
    public void DayWithoutBreakIsOneSession()
    {
        var schedule = new WeeklySchedule(DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(10, 10), null, null);
        Assert.Equal(4, SlotGenerator.ForSchedule(schedule, 30).Length);
    }

    [Fact]
    public void InactiveDayAndDaysOffHaveNoSlots()
    {
        Assert.Empty(SlotGenerator.ForSchedule(NineToFiveWithLunch with { IsActive = false }, 30));
        var tuesday = new DateOnly(2026, 11, 24);
        Assert.Empty(SlotGenerator.ForDate(tuesday, [NineToFiveWithLunch], 30));
        Assert.Equal(14, SlotGenerator.ForDate(tuesday.AddDays(-1), [NineToFiveWithLunch], 30).Length);
    }
}
