using System.Collections.Immutable;

namespace Hms.KpiAlerts;

/// <summary>The kind of alert: a report on a schedule, or a watch on a threshold.</summary>
public enum KpiAlertType
{
    schedule,
    threshold,
}

/// <summary>The report file a scheduled alert attaches.</summary>
public enum AttachmentType
{
    PDF,
    EXCEL,
    CSV,
}

/// <summary>How a KPI value is compared with a threshold or a gating value.</summary>
public enum Comparison
{
    GREATER_THAN,
    GREATER_THAN_OR_EQUAL,
    LESS_THAN,
    LESS_THAN_OR_EQUAL,
    EQUAL,
    NOT_EQUAL,
}

/// <summary>Where an alert reads its KPI values: the built-in store, or a Cube.js-style HTTP query API.</summary>
public enum KpiSourceKind
{
    BUILT_IN,
    CUBE,
}

/// <summary>OK → PENDING (condition true, hold period running) → FIRING → OK.</summary>
public enum ThresholdState
{
    OK,
    PENDING,
    FIRING,
}

public enum KpiRunKind
{
    /// <summary>A scheduled report's occurrence.</summary>
    OCCURRENCE,
    /// <summary>A threshold evaluation that sent a notice or could not read its value.</summary>
    EVALUATION,
    /// <summary>A send asked for by hand (POST …/run).</summary>
    TEST,
}

public enum KpiRunStatus
{
    SENT,
    SKIPPED,
    FAILED,
    /// <summary>A threshold evaluation whose source failed or had no data: no alert either way.</summary>
    ERROR,
}

/// <summary>One KPI value at one instant.</summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiPoint")]
public sealed record class KpiPoint([property: Id(0)] DateTimeOffset At, [property: Id(1)] decimal Value);

/// <summary>A scheduled report goes out only when <see cref="Metric"/>'s value meets this condition.</summary>
[GenerateSerializer, Immutable, Alias("Hms.GatingCondition")]
public sealed record class GatingCondition(
    [property: Id(0)] string Metric,
    [property: Id(1)] Comparison Operator,
    [property: Id(2)] decimal Value);

/// <summary>
/// The alert's KPI source. CUBE: <see cref="BaseUrl"/> is the REST API base (…/cubejs-api/v1),
/// <see cref="Token"/> goes in the Authorization header, <see cref="Query"/> is the alert's query JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiSource")]
public sealed record class KpiSource(
    [property: Id(0)] KpiSourceKind Kind,
    [property: Id(1)] string? BaseUrl = null,
    [property: Id(2)] string? Token = null,
    [property: Id(3)] string? Query = null)
{
    public static readonly KpiSource BuiltIn = new(KpiSourceKind.BUILT_IN);
}

[GenerateSerializer, Immutable, Alias("Hms.ScheduleSettings")]
public sealed record class ScheduleSettings(
    [property: Id(0)] KpiSchedule Schedule,
    [property: Id(1)] AttachmentType AttachmentType,
    [property: Id(2)] GatingCondition? Gating);

/// <summary>
/// A threshold watch: the metric's latest value compared with <see cref="Value"/> every
/// <see cref="EvaluateEveryMinutes"/> and whenever a value arrives; it fires once the condition has held
/// <see cref="HoldMinutes"/>, and repeats its notice every <see cref="RepeatEveryMinutes"/> when set.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ThresholdSettings")]
public sealed record class ThresholdSettings(
    [property: Id(0)] Comparison Condition,
    [property: Id(1)] decimal Value,
    [property: Id(2)] int EvaluateEveryMinutes,
    [property: Id(3)] int HoldMinutes,
    [property: Id(4)] int? RepeatEveryMinutes,
    [property: Id(5)] string TimeZone)
{
    public const int DefaultEvaluateEveryMinutes = 5;
}

/// <summary>What a person sets on an alert: who hears of what metric, and its schedule or its threshold.</summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiAlertDefinition")]
public sealed record class KpiAlertDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string DashboardId,
    [property: Id(2)] string GraphId,
    [property: Id(3)] string Metric,
    [property: Id(4)] ImmutableArray<string> Recipients,
    [property: Id(5)] bool IsActive,
    [property: Id(6)] KpiAlertType Type,
    [property: Id(7)] KpiSource Source,
    [property: Id(8)] ScheduleSettings? Schedule,
    [property: Id(9)] ThresholdSettings? Threshold);

/// <summary>The latest reading of a threshold's metric: a value and whether it met the condition, or why there was none.</summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiEvaluation")]
public sealed record class KpiEvaluation(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] decimal? Value,
    [property: Id(2)] bool? ConditionMet,
    [property: Id(3)] string? Error);

[GenerateSerializer, Immutable, Alias("Hms.ThresholdStatus")]
public sealed record class ThresholdStatus(
    [property: Id(0)] ThresholdState State,
    [property: Id(1)] DateTimeOffset? PendingSince,
    [property: Id(2)] DateTimeOffset? FiringSince,
    // When the firing (or repeated) notice last went out; null while FIRING means the notice is still owed.
    [property: Id(3)] DateTimeOffset? LastNotifiedAt,
    [property: Id(4)] KpiEvaluation? LastEvaluation)
{
    public static readonly ThresholdStatus Initial = new(ThresholdState.OK, null, null, null, null);
}

[GenerateSerializer, Immutable, Alias("Hms.KpiAlertView")]
public sealed record class KpiAlertView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] KpiAlertDefinition Definition,
    // The next scheduled occurrence or threshold evaluation; null while paused.
    [property: Id(3)] DateTimeOffset? NextRunAt,
    [property: Id(4)] DateTimeOffset? LastOccurrence,
    [property: Id(5)] ThresholdStatus? Threshold,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string CreatedBy,
    [property: Id(8)] DateTimeOffset UpdatedAt);

/// <summary>One run in an alert's history.</summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiRun")]
public sealed record class KpiRun(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid AlertId,
    [property: Id(2)] string TenantId,
    [property: Id(3)] KpiRunKind Kind,
    // The scheduled instant (or the evaluation or test instant) this run is for.
    [property: Id(4)] DateTimeOffset Occurrence,
    [property: Id(5)] KpiRunStatus Status,
    [property: Id(6)] string? Reason,
    [property: Id(7)] string? Error,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] long DurationMs,
    [property: Id(10)] ImmutableArray<string> Recipients,
    [property: Id(11)] AttachmentType? AttachmentType,
    [property: Id(12)] long? AttachmentBytes,
    [property: Id(13)] decimal? Value,
    // Occurrences that fell while no silo ran and are covered by this one run.
    [property: Id(14)] int MissedOccurrences,
    // 1 for an occurrence's first run; a failed one is retried as attempt 2, 3, 4.
    [property: Id(15)] int Attempt = 1);

/// <summary>A PATCH: null leaves a field as it is; the type does not change.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ChangeKpiAlert")]
public sealed record class ChangeKpiAlert(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? DashboardId = null,
    [property: Id(2)] string? GraphId = null,
    [property: Id(3)] string? Metric = null,
    [property: Id(4)] ImmutableArray<string>? Recipients = null,
    [property: Id(5)] bool? IsActive = null,
    [property: Id(6)] KpiSource? Source = null,
    [property: Id(7)] ScheduleSettings? Schedule = null,
    [property: Id(8)] ThresholdSettings? Threshold = null);
