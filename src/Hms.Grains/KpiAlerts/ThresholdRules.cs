namespace Hms.KpiAlerts;

/// <summary>What a threshold evaluation owes the recipients.</summary>
public enum ThresholdNotice
{
    /// <summary>The condition started firing (or its first notice is still owed).</summary>
    FIRING,
    /// <summary>Still firing, and the repeat interval has passed since the last notice.</summary>
    REPEAT,
    /// <summary>The condition stopped holding after it fired.</summary>
    RECOVERED,
}

/// <summary>
/// The threshold state machine: OK → PENDING (the condition must hold for the hold
/// period) → FIRING → OK. One notice when it starts firing, none while it keeps firing unless a repeat
/// interval is set, a recovery notice when it stops. An evaluation without a value changes nothing.
/// </summary>
public static class ThresholdRules
{
    public static bool Holds(Comparison comparison, decimal value, decimal threshold) => comparison switch
    {
        Comparison.GREATER_THAN => value > threshold,
        Comparison.GREATER_THAN_OR_EQUAL => value >= threshold,
        Comparison.LESS_THAN => value < threshold,
        Comparison.LESS_THAN_OR_EQUAL => value <= threshold,
        Comparison.EQUAL => value == threshold,
        Comparison.NOT_EQUAL => value != threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };

    /// <summary>The status after <paramref name="evaluation"/> and the notice it owes, if any.</summary>
    public static (ThresholdStatus Status, ThresholdNotice? Notice) Apply(ThresholdSettings settings, ThresholdStatus current,
        KpiEvaluation evaluation)
    {
        var now = evaluation.At;
        var evaluated = current with { LastEvaluation = evaluation };
        if (evaluation.ConditionMet is not { } met)
        {
            return (evaluated, null); // ERROR: neither fires nor recovers on missing data
        }
        var hold = TimeSpan.FromMinutes(settings.HoldMinutes);
        return (current.State, met) switch
        {
            (ThresholdState.OK, true) when hold > TimeSpan.Zero => (evaluated with { State = ThresholdState.PENDING, PendingSince = now }, null),
            (ThresholdState.OK, true) => Fire(evaluated, now),
            (ThresholdState.PENDING, true) when now - current.PendingSince >= hold => Fire(evaluated, now),
            (ThresholdState.PENDING, true) => (evaluated, null),
            (ThresholdState.FIRING, true) when current.LastNotifiedAt is null => (evaluated, ThresholdNotice.FIRING),
            (ThresholdState.FIRING, true) when settings.RepeatEveryMinutes is { } repeat
                && now - current.LastNotifiedAt >= TimeSpan.FromMinutes(repeat) => (evaluated, ThresholdNotice.REPEAT),
            (ThresholdState.FIRING, true) => (evaluated, null),
            (ThresholdState.FIRING, false) => (Ok(evaluated), ThresholdNotice.RECOVERED),
            _ => (Ok(evaluated), null),
        };
    }

    /// <summary>The status once a notice went out (or did not: a FIRING notice that failed stays owed).</summary>
    public static ThresholdStatus Notified(ThresholdStatus status, ThresholdNotice notice, bool sent, DateTimeOffset at) =>
        notice == ThresholdNotice.RECOVERED || status.State != ThresholdState.FIRING ? status
        : sent ? status with { LastNotifiedAt = at }
        : notice == ThresholdNotice.FIRING ? status with { LastNotifiedAt = null }
        : status;

    /// <summary>
    /// When to evaluate next: a period after the last evaluation, sooner when a hold period or a repeat
    /// interval ends before that.
    /// </summary>
    public static DateTimeOffset NextEvaluation(ThresholdSettings settings, ThresholdStatus status, DateTimeOffset evaluatedAt)
    {
        var next = evaluatedAt.AddMinutes(settings.EvaluateEveryMinutes);
        if (status is { State: ThresholdState.PENDING, PendingSince: { } since })
        {
            next = Min(next, since.AddMinutes(settings.HoldMinutes));
        }
        if (status is { State: ThresholdState.FIRING, LastNotifiedAt: { } notified } && settings.RepeatEveryMinutes is { } repeat)
        {
            next = Min(next, notified.AddMinutes(repeat));
        }
        return next > evaluatedAt ? next : evaluatedAt.AddMinutes(settings.EvaluateEveryMinutes);
    }

    public static string Describe(Comparison comparison) => comparison switch
    {
        Comparison.GREATER_THAN => ">",
        Comparison.GREATER_THAN_OR_EQUAL => ">=",
        Comparison.LESS_THAN => "<",
        Comparison.LESS_THAN_OR_EQUAL => "<=",
        Comparison.EQUAL => "=",
        _ => "!=",
    };

    private static (ThresholdStatus, ThresholdNotice?) Fire(ThresholdStatus evaluated, DateTimeOffset now) =>
        (evaluated with { State = ThresholdState.FIRING, PendingSince = null, FiringSince = now, LastNotifiedAt = null }, ThresholdNotice.FIRING);

    private static ThresholdStatus Ok(ThresholdStatus evaluated) =>
        evaluated with { State = ThresholdState.OK, PendingSince = null, FiringSince = null, LastNotifiedAt = null };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
