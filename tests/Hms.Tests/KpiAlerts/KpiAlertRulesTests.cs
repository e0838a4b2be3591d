using Hms.Common;
using Hms.KpiAlerts;

namespace Hms.Tests.KpiAlerts;

/// <summary>A failed occurrence's retries: after 1, 5 and 15 minutes, never past the next occurrence.</summary>
public sealed class KpiAlertRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 27, 8, 0, 0, TimeSpan.Zero);

    private static KpiRun Run(KpiRunStatus status, int attempt) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "org", KpiRunKind.OCCURRENCE, T0, status, null, "SMTP down", T0, 12, [], null, null, null,
            MissedOccurrences: 2, Attempt: attempt);

    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(2, 5, 3)]
    [InlineData(3, 15, 4)]
    public void AFailedAttemptIsRetriedAfterOneFiveAndFifteenMinutes(int failedAttempt, int minutes, int nextAttempt)
    {
        var now = T0.AddSeconds(3);
        var retry = KpiAlertRules.RetryAfter(Run(KpiRunStatus.FAILED, failedAttempt), T0.AddHours(1), now)!;
        Assert.Equal((T0, nextAttempt, now.AddMinutes(minutes), 2), (retry.Occurrence, retry.Attempt, retry.At, retry.MissedOccurrences));
    }

    [Fact]
    public void TheFourthFailureIsFinal() => Assert.Null(KpiAlertRules.RetryAfter(Run(KpiRunStatus.FAILED, 4), T0.AddHours(1), T0));

    [Fact]
    public void NoRetryOnceTheNextOccurrenceComesFirst()
    {
        Assert.Null(KpiAlertRules.RetryAfter(Run(KpiRunStatus.FAILED, 3), T0.AddMinutes(15), T0));
        Assert.NotNull(KpiAlertRules.RetryAfter(Run(KpiRunStatus.FAILED, 3), T0.AddMinutes(16), T0));
    }

    [Theory]
    [InlineData(KpiRunStatus.SENT)]
    [InlineData(KpiRunStatus.SKIPPED)]
    public void OnlyFailuresAreRetried(KpiRunStatus status) => Assert.Null(KpiAlertRules.RetryAfter(Run(status, 1), T0.AddHours(1), T0));

    [Fact]
    public void APausedAlertHoldsNoDeadlineAndAnActiveOneHoldsItsRetryBesideItsOccurrence()
    {
        var schedule = new ScheduleSettings(new KpiSchedule(ScheduleFrequency.HOURLY, 0, 0, [], [], "UTC"), AttachmentType.CSV, null);
        var definition = new KpiAlertDefinition("R", "d", "g", "m", ["a@example.org"], true, KpiAlertType.schedule, KpiSource.BuiltIn, schedule, null);
        var alert = new KpiAlertView(Guid.NewGuid(), "org", definition, T0.AddHours(1), T0, null, T0, "u", T0);
        var retry = new KpiRetry(T0, 2, T0.AddMinutes(1), 0);
        var deadlines = KpiAlertRules.Deadlines(alert, retry);
        Assert.Equal(2, deadlines.Count);
        Assert.Equal(T0.AddHours(1), deadlines[KpiAlertRules.Occurrence]);
        Assert.Equal(T0.AddMinutes(1), deadlines[KpiAlertRules.Retry]);
        Assert.Empty(KpiAlertRules.Deadlines(alert with { Definition = definition with { IsActive = false } }, retry));
    }

    private static KpiAlertDefinition Threshold(int every = 5, int hold = 0, int? repeat = null, int recipients = 1) =>
        new("R", "d", "g", "m", [.. Enumerable.Range(0, recipients).Select(i => $"r{i}@example.org")], true, KpiAlertType.threshold,
            KpiSource.BuiltIn, null, new ThresholdSettings(Comparison.GREATER_THAN, 1, every, hold, repeat, "UTC"));

    private static string? Refusal(KpiAlertDefinition d)
    {
        try
        {
            KpiAlertRules.EnsureValid(d);
            return null;
        }
        catch (DomainException refused)
        {
            return refused.Code;
        }
    }

    [Theory]
    [InlineData(1, 0, null, 50, null)]
    [InlineData(1440, 10080, 10080, 1, null)]
    [InlineData(1, 0, null, 51, "invalid_recipients")]
    [InlineData(0, 0, null, 1, "invalid_evaluation_interval")]
    [InlineData(1441, 0, null, 1, "invalid_evaluation_interval")]
    [InlineData(5, -1, null, 1, "invalid_threshold_timing")]
    [InlineData(5, 10081, null, 1, "invalid_threshold_timing")]
    [InlineData(5, 0, 0, 1, "invalid_threshold_timing")]
    [InlineData(5, 0, 10081, 1, "invalid_threshold_timing")]
    public void ThresholdTimingsAndRecipientsHaveTheirBounds(int every, int hold, int? repeat, int recipients, string? code) =>
        Assert.Equal(code, Refusal(Threshold(every, hold, repeat, recipients)));
}
