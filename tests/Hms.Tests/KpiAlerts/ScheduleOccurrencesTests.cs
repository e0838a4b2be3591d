using Hms.Common;
using Hms.KpiAlerts;
using static System.DayOfWeek;

namespace Hms.Tests.KpiAlerts;

/// <summary>The occurrences of scheduled KPI reports — hourly, weekday sets, month ends, both DST changes in two zones.</summary>
public sealed class ScheduleOccurrencesTests
{
    private static KpiSchedule Hourly(int minute, string zone = "Etc/UTC") => new(ScheduleFrequency.HOURLY, 0, minute, [], [], zone);

    private static KpiSchedule Daily(int hour, int minute, string zone, params DayOfWeek[] days) =>
        new(ScheduleFrequency.DAILY, hour, minute, [.. days], [], zone);

    private static KpiSchedule Monthly(int hour, int minute, string zone, params int[] days) =>
        new(ScheduleFrequency.MONTHLY, hour, minute, [], [.. days], zone);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static void AssertOccurrences(KpiSchedule schedule, DateTimeOffset after, params DateTimeOffset[] expected) =>
        Assert.Equal(expected, ScheduleOccurrences.Upcoming(schedule, after, expected.Length));

    [Fact]
    public void HourlyRunsAtItsMinuteEveryHour() => AssertOccurrences(Hourly(15), Utc(2026, 11, 23, 10, 20),
        Utc(2026, 11, 23, 11, 15), Utc(2026, 11, 23, 12, 15), Utc(2026, 11, 23, 13, 15));

    [Fact]
    public void HourlyAtTheExactInstantMeansTheNextHour() =>
        Assert.Equal(Utc(2026, 11, 23, 11, 15), ScheduleOccurrences.Next(Hourly(15), Utc(2026, 11, 23, 10, 15)));

    [Fact]
    public void HourlyFollowsTheLocalMinuteInAHalfHourZone() =>
        // Asia/Kolkata is UTC+05:30: local :00 is :30 UTC.
        AssertOccurrences(Hourly(0, "Asia/Kolkata"), Utc(2026, 11, 23, 10, 0), Utc(2026, 11, 23, 10, 30), Utc(2026, 11, 23, 11, 30));

    [Fact]
    public void HourlyRunsEveryElapsedHourAcrossBerlinsFallBack() =>
        // 25 Oct 2026: 03:00 CEST becomes 02:00 CET; local 02:30 happens twice, an hour apart.
        AssertOccurrences(Hourly(30, "Europe/Berlin"), Utc(2026, 10, 24, 23, 0),
            Utc(2026, 10, 24, 23, 30), Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 25, 1, 30), Utc(2026, 10, 25, 2, 30));

    [Fact]
    public void DailyKeepsItsLocalTimeAcrossBerlinsSpringForward() =>
        // 29 Mar 2026: 09:00 is 08:00 UTC before the change and 07:00 UTC after it.
        AssertOccurrences(Daily(9, 0, "Europe/Berlin"), Utc(2026, 3, 27, 12, 0),
            Utc(2026, 3, 28, 8, 0), Utc(2026, 3, 29, 7, 0), Utc(2026, 3, 30, 7, 0));

    [Fact]
    public void ALocalTimeInBerlinsSpringGapRunsAtTheFirstValidInstantAfterIt() =>
        // 02:30 does not exist on 29 Mar 2026 (02:00 → 03:00): it runs at 03:00 CEST = 01:00 UTC.
        AssertOccurrences(Daily(2, 30, "Europe/Berlin"), Utc(2026, 3, 28, 12, 0),
            Utc(2026, 3, 29, 1, 0), Utc(2026, 3, 30, 0, 30));

    [Fact]
    public void ALocalTimeThatOccursTwiceInBerlinRunsOnce() =>
        // 02:30 on 25 Oct 2026 is 00:30 UTC (CEST) and 01:30 UTC (CET): once, at the first.
        AssertOccurrences(Daily(2, 30, "Europe/Berlin"), Utc(2026, 10, 24, 12, 0),
            Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 26, 1, 30));

    [Fact]
    public void NewYorksSpringGapAndFallBackFollowTheSameRules()
    {
        // 8 Mar 2026: 02:00 EST → 03:00 EDT; 02:30 runs at 03:00 EDT = 07:00 UTC.
        AssertOccurrences(Daily(2, 30, "America/New_York"), Utc(2026, 3, 7, 12, 0),
            Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 9, 6, 30));
        // 1 Nov 2026: 02:00 EDT → 01:00 EST; 01:30 happens at 05:30 and 06:30 UTC: once, at 05:30.
        AssertOccurrences(Daily(1, 30, "America/New_York"), Utc(2026, 10, 31, 12, 0),
            Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30));
    }

    [Fact]
    public void DailyOnWeekdaysSkipsTheWeekend() =>
        // Friday 27 Nov 2026 after 08:00: next Monday, Tuesday.
        AssertOccurrences(Daily(8, 0, "Etc/UTC", Monday, Tuesday, Wednesday, Thursday, Friday), Utc(2026, 11, 27, 9, 0),
            Utc(2026, 11, 30, 8, 0), Utc(2026, 12, 1, 8, 0));

    [Fact]
    public void WeeklyRunsOnItsDays() => AssertOccurrences(
        new KpiSchedule(ScheduleFrequency.WEEKLY, 17, 0, [Wednesday, Saturday], [], "Europe/Berlin"), Utc(2026, 11, 23, 0, 0),
        Utc(2026, 11, 25, 16, 0), Utc(2026, 11, 28, 16, 0), Utc(2026, 12, 2, 16, 0));

    [Fact]
    public void MonthlyOnThe31stRunsOnTheLastDayOfShorterMonths()
    {
        AssertOccurrences(Monthly(6, 0, "Etc/UTC", 31), Utc(2026, 1, 1, 0, 0),
            Utc(2026, 1, 31, 6, 0), Utc(2026, 2, 28, 6, 0), Utc(2026, 3, 31, 6, 0), Utc(2026, 4, 30, 6, 0));
        Assert.Equal(Utc(2028, 2, 29, 6, 0), ScheduleOccurrences.Next(Monthly(6, 0, "Etc/UTC", 31), Utc(2028, 2, 1, 0, 0)));
    }

    [Fact]
    public void TwoChosenDaysThatFallOnTheSameMonthEndRunOnce() =>
        AssertOccurrences(Monthly(6, 0, "Etc/UTC", 30, 31), Utc(2026, 2, 1, 0, 0),
            Utc(2026, 2, 28, 6, 0), Utc(2026, 3, 30, 6, 0), Utc(2026, 3, 31, 6, 0));

    [Fact]
    public void MonthlyOnTheFirstAndFifteenthInLocalTime() =>
        // Berlin is UTC+1 in winter: local midnight of the 1st is 23:00 UTC the day before.
        AssertOccurrences(Monthly(0, 0, "Europe/Berlin", 1, 15), Utc(2026, 11, 23, 0, 0),
            Utc(2026, 11, 30, 23, 0), Utc(2026, 12, 14, 23, 0), Utc(2026, 12, 31, 23, 0));

    [Theory]
    [InlineData(ScheduleFrequency.DAILY, 24, 0, "Etc/UTC", "invalid_schedule_time")]
    [InlineData(ScheduleFrequency.HOURLY, 0, 60, "Etc/UTC", "invalid_schedule_time")]
    [InlineData(ScheduleFrequency.WEEKLY, 9, 0, "Etc/UTC", "weekdays_required")]
    [InlineData(ScheduleFrequency.MONTHLY, 9, 0, "Etc/UTC", "invalid_days_of_month")]
    [InlineData(ScheduleFrequency.DAILY, 9, 0, "Mars/Olympus", "invalid_time_zone")]
    public void InvalidSchedulesAreRefused(ScheduleFrequency frequency, int hour, int minute, string zone, string code)
    {
        var refused = Assert.Throws<DomainException>(() => ScheduleOccurrences.EnsureValid(new KpiSchedule(frequency, hour, minute, [], [], zone)));
        Assert.Equal((code, 400), (refused.Code, refused.Status));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void DaysOfMonthLieBetweenOneAnd31(int day) =>
        Assert.Equal("invalid_days_of_month", Assert.Throws<DomainException>(() =>
            ScheduleOccurrences.EnsureValid(Monthly(9, 0, "Etc/UTC", day))).Code);
}
