using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;

namespace Hms.Tests.Appointments;

/// <summary>
/// When reminders are due (src/Hms.Grains/Appointments/ReminderRules.cs): 24 h and 2 h before the slot by
/// default, durations across a clock change, quiet hours 21:00–08:00 on the hospital's wall clock, and
/// nothing the booking came too late for.
/// </summary>
public sealed class ReminderRulesTests
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");
    private static readonly TimeZoneInfo Kolkata = ZonedTime.Zone("Asia/Kolkata");
    private static readonly DateTimeOffset LongAgo = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateTimeOffset[] Plan(DateTimeOffset slot, TimeZoneInfo zone, ReminderSettings? settings = null, DateTimeOffset? bookedAt = null) =>
        [.. ReminderRules.Plan(slot, bookedAt ?? LongAgo, settings ?? ReminderSettings.Default, zone)];

    [Fact]
    public void TwentyFourAndTwoHoursBeforeTheSlotByDefault()
    {
        // Tuesday 31 March 2026, 10:00 in Berlin (CEST, UTC+2); 10:00 in Kolkata (UTC+5:30).
        Assert.Equal([Utc(3, 30, 8), Utc(3, 31, 6)], Plan(Utc(3, 31, 8), Berlin));
        Assert.Equal([Utc(3, 31, 4, 30), Utc(4, 1, 2, 30)], Plan(Utc(4, 1, 4, 30), Kolkata));
    }

    [Fact]
    public void TwentyFourHoursBeforeASlotOnTheDayTheClocksGoForwardIsTwentyFourRealHours()
    {
        // Sunday 29 March 2026, 10:00 CEST = 08:00 UTC; the day before is still CET, so 24 h before is 09:00 there.
        var plan = Plan(Utc(3, 29, 8), Berlin);
        Assert.Equal([Utc(3, 28, 8), Utc(3, 29, 6)], plan);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(ZonedTime.ToLocal(plan[0], Berlin)));
        // 09:00 CEST that Sunday: 24 h before is 08:00 CET; 2 h before is 07:00 CEST, quiet, so it goes at 08:00 CEST.
        Assert.Equal([Utc(3, 28, 7), Utc(3, 29, 6)], Plan(Utc(3, 29, 7), Berlin));
    }

    [Fact]
    public void AReminderInTheQuietHoursGoesWhenTheyEnd()
    {
        // 09:00 CEST: 2 h before is 07:00, inside 21:00–08:00, so 08:00 CEST (06:00 UTC).
        Assert.Equal([Utc(3, 30, 7), Utc(3, 31, 6)], Plan(Utc(3, 31, 7), Berlin));
        // Kolkata, 09:00 IST: 07:00 is quiet, so 08:00 IST (02:30 UTC).
        Assert.Equal([Utc(3, 31, 3, 30), Utc(4, 1, 2, 30)], Plan(Utc(4, 1, 3, 30), Kolkata));
    }

    [Fact]
    public void WhenTheQuietHoursEndAfterTheSlotTheReminderGoesTheEveningBefore()
    {
        // 07:30 CEST (05:30 UTC): 2 h before is 05:30, quiet until 08:00 — after the slot — so 20:59 the evening before.
        // The 24-hour one, 07:30 on Monday, is quiet too and goes at 08:00 Monday.
        var plan = Plan(Utc(3, 31, 5, 30), Berlin);
        Assert.Equal([Utc(3, 30, 6), Utc(3, 30, 18, 59)], plan);
        Assert.Equal(new TimeOnly(20, 59), TimeOnly.FromDateTime(ZonedTime.ToLocal(plan[1], Berlin)));
    }

    [Fact]
    public void TwoOffsetsThatLandOnOneInstantAreOneReminder()
    {
        var settings = ReminderSettings.Default with { OffsetsMinutes = [120, 150] };
        Assert.Equal([Utc(3, 30, 18, 59)], Plan(Utc(3, 31, 5, 30), Berlin, settings));
    }

    [Fact]
    public void WithoutQuietHoursEveryOffsetIsKeptAsItIs()
    {
        var settings = ReminderSettings.Default with { QuietHoursStart = new TimeOnly(0, 0), QuietHoursEnd = new TimeOnly(0, 0) };
        Assert.Equal([Utc(3, 30, 5, 30), Utc(3, 31, 3, 30)], Plan(Utc(3, 31, 5, 30), Berlin, settings));
    }

    [Fact]
    public void QuietHoursWithinOneDayAreHonouredToo()
    {
        var lunch = ReminderSettings.Default with { OffsetsMinutes = [60], QuietHoursStart = new TimeOnly(12, 0), QuietHoursEnd = new TimeOnly(13, 0) };
        // 14:30 CEST: 1 h before is 13:30, not quiet; 13:30 CEST: 12:30 is quiet, so 13:00.
        Assert.Equal([Utc(3, 31, 11, 30)], Plan(Utc(3, 31, 12, 30), Berlin, lunch));
        Assert.Equal([Utc(3, 31, 11)], Plan(Utc(3, 31, 11, 30), Berlin, lunch));
    }

    [Fact]
    public void ABookingMadeAfterAnOffsetSkipsIt()
    {
        var slot = Utc(3, 31, 8); // 10:00 CEST
        Assert.Equal([Utc(3, 31, 6)], Plan(slot, Berlin, bookedAt: slot.AddHours(-3)));
        Assert.Empty(Plan(slot, Berlin, bookedAt: slot.AddMinutes(-119)));
        Assert.Equal([Utc(3, 31, 6)], Plan(slot, Berlin, bookedAt: slot.AddHours(-2))); // booked at the very instant: still sent
    }

    [Fact]
    public void TheNextReminderIsTheFirstNotYetHandled()
    {
        var plan = ReminderRules.Plan(Utc(3, 31, 8), LongAgo, ReminderSettings.Default, Berlin);
        Assert.Equal(Utc(3, 30, 8), ReminderRules.Next(plan, null));
        Assert.Equal(Utc(3, 31, 6), ReminderRules.Next(plan, Utc(3, 30, 8)));
        Assert.Null(ReminderRules.Next(plan, Utc(3, 31, 6)));
    }
}
