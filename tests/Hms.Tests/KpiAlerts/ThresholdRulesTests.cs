using Hms.KpiAlerts;

namespace Hms.Tests.KpiAlerts;

/// <summary>The threshold state machine: OK → PENDING (hold) → FIRING → OK, repeat interval, ERROR.</summary>
public sealed class ThresholdRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 27, 8, 0, 0, TimeSpan.Zero);

    private static ThresholdSettings Settings(int hold = 0, int? repeat = null, int every = 5) =>
        new(Comparison.GREATER_THAN, 100m, every, hold, repeat, "Europe/Berlin");

    private static KpiEvaluation Reading(int minutes, decimal value, ThresholdSettings? s = null) =>
        new(T0.AddMinutes(minutes), value, ThresholdRules.Holds((s ?? Settings()).Condition, value, (s ?? Settings()).Value), null);

    /// <summary>Feeds readings through the machine, noting each notice as it would be sent (successfully).</summary>
    private static (ThresholdStatus Status, List<(int Minute, ThresholdNotice Notice)> Notices) Run(ThresholdSettings s, params (int Minute, decimal Value)[] readings)
    {
        var status = ThresholdStatus.Initial;
        var notices = new List<(int, ThresholdNotice)>();
        foreach (var (minute, value) in readings)
        {
            var (next, notice) = ThresholdRules.Apply(s, status, Reading(minute, value, s));
            status = notice is { } n ? ThresholdRules.Notified(next, n, sent: true, T0.AddMinutes(minute)) : next;
            if (notice is { } sent)
            {
                notices.Add((minute, sent));
            }
        }
        return (status, notices);
    }

    [Theory]
    [InlineData(Comparison.GREATER_THAN, 101, true)]
    [InlineData(Comparison.GREATER_THAN, 100, false)]
    [InlineData(Comparison.GREATER_THAN_OR_EQUAL, 100, true)]
    [InlineData(Comparison.GREATER_THAN_OR_EQUAL, 99.99, false)]
    [InlineData(Comparison.LESS_THAN, 99.99, true)]
    [InlineData(Comparison.LESS_THAN, 100, false)]
    [InlineData(Comparison.LESS_THAN_OR_EQUAL, 100, true)]
    [InlineData(Comparison.LESS_THAN_OR_EQUAL, 100.01, false)]
    [InlineData(Comparison.EQUAL, 100, true)]
    [InlineData(Comparison.EQUAL, 100.5, false)]
    [InlineData(Comparison.NOT_EQUAL, 100.5, true)]
    [InlineData(Comparison.NOT_EQUAL, 100, false)]
    public void EachOfTheSixConditionsComparesAgainstTheValue(Comparison condition, double value, bool holds) =>
        Assert.Equal(holds, ThresholdRules.Holds(condition, (decimal)value, 100m));

    [Fact]
    public void WithoutAHoldPeriodItFiresAtOnceNotifiesOnceAndRecovers()
    {
        var (status, notices) = Run(Settings(), (0, 50), (5, 150), (10, 160), (15, 170), (20, 90), (25, 80));
        Assert.Equal([(5, ThresholdNotice.FIRING), (20, ThresholdNotice.RECOVERED)], notices);
        Assert.Equal(ThresholdState.OK, status.State);
        Assert.Null(status.FiringSince);
    }

    [Fact]
    public void AHoldPeriodKeepsItPendingUntilTheConditionHasHeldThatLong()
    {
        var s = Settings(hold: 10);
        var (pending, none) = Run(s, (0, 150), (5, 160));
        Assert.Equal((ThresholdState.PENDING, T0), (pending.State, pending.PendingSince!.Value));
        Assert.Empty(none);

        var (firing, notices) = Run(s, (0, 150), (5, 160), (10, 170));
        Assert.Equal(ThresholdState.FIRING, firing.State);
        Assert.Equal([(10, ThresholdNotice.FIRING)], notices);
        Assert.Equal(T0.AddMinutes(10), firing.FiringSince);
    }

    [Fact]
    public void AConditionThatStopsDuringTheHoldGoesBackToOkWithoutANotice()
    {
        var (status, notices) = Run(Settings(hold: 10), (0, 150), (5, 90), (10, 150), (15, 160));
        Assert.Empty(notices);
        Assert.Equal((ThresholdState.PENDING, T0.AddMinutes(10)), (status.State, status.PendingSince!.Value));
    }

    [Fact]
    public void ARepeatIntervalRepeatsTheNoticeWhileItKeepsFiring()
    {
        var (_, notices) = Run(Settings(repeat: 30), (0, 150), (10, 150), (25, 150), (30, 150), (45, 150), (60, 150), (65, 50));
        Assert.Equal([(0, ThresholdNotice.FIRING), (30, ThresholdNotice.REPEAT), (60, ThresholdNotice.REPEAT), (65, ThresholdNotice.RECOVERED)], notices);
    }

    [Fact]
    public void AnEvaluationWithoutAValueNeitherFiresNorRecovers()
    {
        var s = Settings();
        var (firing, _) = Run(s, (0, 150));
        var (after, notice) = ThresholdRules.Apply(s, firing, new KpiEvaluation(T0.AddMinutes(5), null, null, "Source failed: 503"));
        Assert.Null(notice);
        Assert.Equal(ThresholdState.FIRING, after.State);
        Assert.Equal("Source failed: 503", after.LastEvaluation!.Error);

        var (ok, none) = ThresholdRules.Apply(s, ThresholdStatus.Initial, new KpiEvaluation(T0, null, null, "No data"));
        Assert.Equal((ThresholdState.OK, (ThresholdNotice?)null), (ok.State, none));
    }

    [Fact]
    public void AFiringNoticeThatFailedIsOwedUntilItGoesOut()
    {
        var s = Settings();
        var (firing, notice) = ThresholdRules.Apply(s, ThresholdStatus.Initial, Reading(0, 150));
        var failed = ThresholdRules.Notified(firing, notice!.Value, sent: false, T0);
        Assert.Null(failed.LastNotifiedAt);
        var (_, again) = ThresholdRules.Apply(s, failed, Reading(5, 150));
        Assert.Equal(ThresholdNotice.FIRING, again);
    }

    [Fact]
    public void TheNextEvaluationIsAPeriodLaterOrWhenAHoldOrRepeatEndsSooner()
    {
        Assert.Equal(T0.AddMinutes(5), ThresholdRules.NextEvaluation(Settings(), ThresholdStatus.Initial, T0));
        Assert.Equal(T0.AddMinutes(15), ThresholdRules.NextEvaluation(Settings(every: 15), ThresholdStatus.Initial, T0));

        var pending = ThresholdStatus.Initial with { State = ThresholdState.PENDING, PendingSince = T0.AddMinutes(-8) };
        Assert.Equal(T0.AddMinutes(2), ThresholdRules.NextEvaluation(Settings(hold: 10), pending, T0));

        var firing = ThresholdStatus.Initial with { State = ThresholdState.FIRING, FiringSince = T0, LastNotifiedAt = T0.AddMinutes(-2) };
        Assert.Equal(T0.AddMinutes(1), ThresholdRules.NextEvaluation(Settings(repeat: 3), firing, T0));
    }
}
