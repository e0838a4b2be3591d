using Microsoft.Extensions.Time.Testing;

namespace Hms.Tests.Infrastructure;

/// <summary>How tests move a fake clock onto an instant so that reminders fire exactly there.</summary>
public static class FakeClock
{
    /// <summary>How far before an instant the clock jumps to, so the reminder service loads what is due there.</summary>
    public static readonly TimeSpan Approach = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Moves the clock onto <paramref name="instant"/> (never back): a jump to <see cref="Approach"/> before
    /// it, then one-second steps with real time between them. Orleans' reminder service keeps in memory
    /// only reminders whose next tick lies ahead inside its loading window, and loads the others on a
    /// periodic refresh that runs on this clock; a reminder whose tick is exactly "now" at that refresh
    /// is not loaded. Jumping short of the instant lets the refresh load it with its tick still ahead,
    /// so its tick fires as the clock lands on the instant, with the clock reading exactly the instant.
    /// </summary>
    public static async Task ReachAsync(this FakeTimeProvider clock, DateTimeOffset instant)
    {
        if (clock.GetUtcNow() < instant - Approach)
        {
            clock.SetUtcNow(instant - Approach);
        }
        while (clock.GetUtcNow() < instant)
        {
            var step = instant - clock.GetUtcNow();
            clock.Advance(step > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : step);
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Lets the clock flow to <paramref name="instant"/> a minute at a time, with real time between the
    /// steps, as the reminder service's periodic refresh (which runs on this clock) needs its turns to
    /// notice what changed in the reminder table.
    /// </summary>
    public static async Task FlowToAsync(this FakeTimeProvider clock, DateTimeOffset instant)
    {
        while (clock.GetUtcNow() < instant)
        {
            var step = instant - clock.GetUtcNow();
            clock.Advance(step > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : step);
            await Task.Delay(15);
        }
    }
}
