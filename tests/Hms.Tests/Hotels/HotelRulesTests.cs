using Hms.Common;
using Hms.Hotels;

namespace Hms.Tests.Hotels;

/// <summary>The hotel's time and money rules as numbers: cut-offs in two zones across DST, holds, the business day, each fee policy.</summary>
public sealed class HotelRulesTests
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = ZonedTime.Zone("America/New_York");

    private static ReservationView Reservation(decimal rate = 120m, int nights = 3, bool guaranteed = true) =>
        new(Guid.NewGuid(), "hotel-1", new Guest("Ada Lovelace", "ada@example.org", null), Guid.NewGuid(), null, new DateOnly(2026, 5, 4),
            new DateOnly(2026, 5, 4).AddDays(nights), rate, "EUR", guaranteed, ReservationStatus.CONFIRMED, default, null, true, null, default, "u", default,
            null, null, null, null, null);

    [Theory]
    // Berlin: 23:59 CET (UTC+1) the day before summer time, 23:59 CEST (UTC+2) on the change date and after.
    [InlineData("Europe/Berlin", "2026-03-28", "2026-03-28T22:59:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29", "2026-03-29T21:59:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", "2026-10-25T22:59:00Z")]
    // New York: 23:59 EST (UTC-5) before 8 March 2026, EDT (UTC-4) from then; back on 1 November.
    [InlineData("America/New_York", "2026-03-07", "2026-03-08T04:59:00Z")]
    [InlineData("America/New_York", "2026-03-08", "2026-03-09T03:59:00Z")]
    [InlineData("America/New_York", "2026-11-01", "2026-11-02T04:59:00Z")]
    public void TheDefaultCutoffIs2359LocalOnTheArrivalDate(string zone, string arrival, string cutoff) =>
        Assert.Equal(DateTimeOffset.Parse(cutoff), HotelRules.Cutoff(DateOnly.Parse(arrival), HotelSettings.Default, ZonedTime.Zone(zone)));

    [Fact]
    public void ACutoffTheNextMorningFallsOnTheDayAfterArrival()
    {
        var settings = HotelSettings.Default with { NoShowCutoff = new TimeOnly(6, 0), CutoffNextDay = true };
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), HotelRules.Cutoff(new DateOnly(2026, 3, 28), settings, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 10, 0, 0, TimeSpan.Zero), HotelRules.Cutoff(new DateOnly(2026, 3, 27), settings, NewYork)); // 06:00 EDT
    }

    [Fact]
    public void ACutoffInTheSpringForwardGapIsTheFirstInstantAfterIt()
    {
        // 02:30 does not exist in Berlin on 29 March 2026: clocks go from 02:00 to 03:00 CEST (01:00 UTC).
        var settings = HotelSettings.Default with { NoShowCutoff = new TimeOnly(2, 30), CutoffNextDay = true };
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), HotelRules.Cutoff(new DateOnly(2026, 3, 28), settings, Berlin));
    }

    [Fact]
    public void AGuaranteedNoShowIsHeldUntilTheFirstHoldTimeAfterTheCutoff()
    {
        var settings = HotelSettings.Default with { GuaranteedHoldUntil = new TimeOnly(6, 0) };
        var cutoff = HotelRules.Cutoff(new DateOnly(2026, 3, 28), settings, Berlin); // 22:59Z = 23:59 CET
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), HotelRules.HoldUntil(cutoff, guaranteed: true, settings, Berlin));
        Assert.Null(HotelRules.HoldUntil(cutoff, guaranteed: false, settings, Berlin));
        Assert.Null(HotelRules.HoldUntil(cutoff, guaranteed: true, HotelSettings.Default, Berlin));
    }

    [Fact]
    public void ANoShowIsReinstatedUntilTheNextCheckOutTime()
    {
        var cutoff = new DateTimeOffset(2026, 5, 4, 21, 59, 0, TimeSpan.Zero); // 23:59 CEST
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 10, 0, 0, TimeSpan.Zero), HotelRules.ReinstateUntil(cutoff, HotelSettings.Default, Berlin));
        var late = HotelSettings.Default with { CheckOutTime = new TimeOnly(11, 0) };
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero), HotelRules.ReinstateUntil(cutoff, late, Berlin));
    }

    [Theory]
    [InlineData(FeePolicy.FIRST_NIGHT, 0, 0, true, 120, "FIRST_NIGHT: 1 × 120.00 EUR")]
    [InlineData(FeePolicy.PERCENT_OF_STAY, 50, 0, true, 180, "PERCENT_OF_STAY: 50% of 3 × 120.00 EUR")]
    [InlineData(FeePolicy.PERCENT_OF_STAY, 33.33, 0, true, 119.99, "PERCENT_OF_STAY: 33.33% of 3 × 120.00 EUR")]
    [InlineData(FeePolicy.FLAT, 0, 25, true, 25, "FLAT: 25.00 EUR")]
    [InlineData(FeePolicy.NONE, 0, 0, true, 0, "NONE: the hotel charges no no-show fee")]
    [InlineData(FeePolicy.FIRST_NIGHT, 0, 0, false, 120, "FIRST_NIGHT: 1 × 120.00 EUR")]
    public void EachFeePolicyPostsItsAmount(FeePolicy policy, double percent, double flat, bool guaranteed, double fee, string rule)
    {
        var settings = HotelSettings.Default with { FeePolicy = policy, FeePercent = (decimal)percent, FlatFee = (decimal)flat };
        Assert.Equal(((decimal)fee, rule), HotelRules.NoShowFee(Reservation(guaranteed: guaranteed), settings));
    }

    [Fact]
    public void AHotelThatChargesGuaranteedReservationsOnlyChargesANonGuaranteedOneNothing()
    {
        var settings = HotelSettings.Default with { ChargeNonGuaranteed = false };
        Assert.Equal(0m, HotelRules.NoShowFee(Reservation(guaranteed: false), settings).Fee);
        Assert.Equal(120m, HotelRules.NoShowFee(Reservation(guaranteed: true), settings).Fee);
    }
}
