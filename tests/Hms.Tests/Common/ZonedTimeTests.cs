using Hms.Common;

namespace Hms.Tests.Common;

public sealed class ZonedTimeTests
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = ZonedTime.Zone("America/New_York");

    [Fact]
    public void WallClockTimeBecomesTheZonesInstant()
    {
        Assert.Equal(new DateTimeOffset(2026, 1, 21, 8, 0, 0, TimeSpan.Zero),
            ZonedTime.ToInstant(new DateOnly(2026, 1, 21), new TimeOnly(9, 0), Berlin));
        Assert.Equal(new DateTimeOffset(2026, 7, 21, 7, 0, 0, TimeSpan.Zero),
            ZonedTime.ToInstant(new DateOnly(2026, 7, 21), new TimeOnly(9, 0), Berlin));
    }

    [Fact]
    public void TimeSkippedBySpringForwardIsTheFirstValidInstantAfterIt()
    {
        // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
        var expected = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, ZonedTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), Berlin));
        Assert.Equal(expected, ZonedTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(2, 0), Berlin));
    }

    [Fact]
    public void TimeRepeatedByFallBackIsItsFirstOccurrence()
    {
        // New York, 1 November 2026: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero),
            ZonedTime.ToInstant(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), NewYork));
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("Asia/Kolkata", true)]
    [InlineData("Etc/UTC", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("", false)]
    public void OnlyIanaZonesAreAccepted(string id, bool known)
    {
        Assert.Equal(known, ZonedTime.FindIana(id) is not null);
    }

    [Fact]
    public void TodayIsTheZonesDate()
    {
        var lateEveningUtc = new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 24), ZonedTime.Today(lateEveningUtc, Berlin));
        Assert.Equal(new DateOnly(2026, 11, 23), ZonedTime.Today(lateEveningUtc, NewYork));
    }
}
