using System.Globalization;
using Hms.Common;

namespace Hms.Hotels;

/// <summary>
/// The hotel's time and money rules as pure functions: a reservation's cut-off, the end of a guaranteed
/// hold and of the business day, and the no-show fee. Instants are UTC; local times are in the hotel's zone.
/// </summary>
public static class HotelRules
{
    /// <summary>The longest stay one reservation books, and how far ahead it may arrive.</summary>
    public const int MaxNights = 90;

    public const int MaxDaysAhead = 730;

    /// <summary>The arrival date at the hotel's cut-off time (the next day's with <see cref="HotelSettings.CutoffNextDay"/>).</summary>
    public static DateTimeOffset Cutoff(DateOnly arrival, HotelSettings settings, TimeZoneInfo zone) =>
        ZonedTime.ToInstant(settings.CutoffNextDay ? arrival.AddDays(1) : arrival, settings.NoShowCutoff, zone);

    /// <summary>Where a guaranteed no-show's nights stay held: the first <see cref="HotelSettings.GuaranteedHoldUntil"/> after the cut-off; null: released at once.</summary>
    public static DateTimeOffset? HoldUntil(DateTimeOffset cutoff, bool guaranteed, HotelSettings settings, TimeZoneInfo zone) =>
        guaranteed && settings.GuaranteedHoldUntil is { } until ? NextLocal(cutoff, until, zone) : null;

    /// <summary>The end of the business day the cut-off falls in: the first check-out time after it. A no-show is reinstated before then.</summary>
    public static DateTimeOffset ReinstateUntil(DateTimeOffset cutoff, HotelSettings settings, TimeZoneInfo zone) =>
        NextLocal(cutoff, settings.CheckOutTime, zone);

    /// <summary>The first instant after <paramref name="after"/> whose local time is <paramref name="time"/>.</summary>
    public static DateTimeOffset NextLocal(DateTimeOffset after, TimeOnly time, TimeZoneInfo zone)
    {
        var date = ZonedTime.Today(after, zone);
        var at = ZonedTime.ToInstant(date, time, zone);
        return at > after ? at : ZonedTime.ToInstant(date.AddDays(1), time, zone);
    }

    /// <summary>The no-show fee and the rule that set it, as the record and the folio show it.</summary>
    public static (decimal Fee, string Rule) NoShowFee(ReservationView r, HotelSettings settings)
    {
        if (!r.Guaranteed && !settings.ChargeNonGuaranteed)
        {
            return (0m, "NONE: not guaranteed, and the hotel charges guaranteed reservations only");
        }
        return settings.FeePolicy switch
        {
            FeePolicy.FIRST_NIGHT => (r.NightlyRate, $"FIRST_NIGHT: 1 × {Money(r.NightlyRate, r.Currency)}"),
            FeePolicy.PERCENT_OF_STAY => (Math.Round(r.NightlyRate * r.Nights * settings.FeePercent / 100m, 2, MidpointRounding.AwayFromZero),
                $"PERCENT_OF_STAY: {settings.FeePercent.ToString("0.##", CultureInfo.InvariantCulture)}% of {r.Nights} × {Money(r.NightlyRate, r.Currency)}"),
            FeePolicy.FLAT => (settings.FlatFee, $"FLAT: {Money(settings.FlatFee, r.Currency)}"),
            _ => (0m, "NONE: the hotel charges no no-show fee"),
        };
    }

    public static string Money(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>The hotel's zone; registration only accepts IANA zones, so it always resolves.</summary>
    public static TimeZoneInfo Zone(HotelView hotel) => ZonedTime.Zone(hotel.TimeZone);
}
