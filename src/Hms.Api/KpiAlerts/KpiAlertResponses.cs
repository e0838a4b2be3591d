using System.Text.Json;
using Hms.KpiAlerts;

namespace Hms.Api.KpiAlerts;

public sealed record SourceResponse(string Kind, string? BaseUrl, bool HasToken, JsonElement? Query);

public sealed record GatingResponse(string Metric, string Operator, decimal Value);

public sealed record ScheduleResponse(string Frequency, int Hour, int Minute, IReadOnlyList<string> Weekdays, IReadOnlyList<int> DaysOfMonth,
    string TimeZone, string AttachmentType, GatingResponse? GatingCondition);

public sealed record ThresholdResponse(string Condition, decimal Value, int EvaluateEveryMinutes, int HoldMinutes, int? RepeatEveryMinutes,
    string TimeZone);

public sealed record EvaluationResponse(DateTimeOffset At, decimal? Value, bool? ConditionMet, string? Error);

public sealed record ThresholdStateResponse(string State, DateTimeOffset? PendingSince, DateTimeOffset? FiringSince, DateTimeOffset? LastNotifiedAt,
    EvaluationResponse? LastEvaluation);

public sealed record KpiAlertResponse(Guid Id, string Name, string DashboardId, string GraphId, string Metric, IReadOnlyList<string> Recipients,
    bool IsActive, string Type, SourceResponse Source, ScheduleResponse? Schedule, ThresholdResponse? Threshold, DateTimeOffset? NextRunAt,
    DateTimeOffset? LastOccurrence, ThresholdStateResponse? ThresholdState, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt)
{
    public static KpiAlertResponse From(KpiAlertView a)
    {
        var d = a.Definition;
        return new KpiAlertResponse(a.Id, d.Name, d.DashboardId, d.GraphId, d.Metric, d.Recipients, d.IsActive, d.Type.ToString(),
            new SourceResponse(d.Source.Kind.ToString(), d.Source.BaseUrl, d.Source.Token is not null,
                d.Source.Query is { } q ? JsonDocument.Parse(q).RootElement.Clone() : null),
            d.Schedule is { Schedule: var s } settings
                ? new ScheduleResponse(s.Frequency.ToString(), s.Hour, s.Minute, [.. s.Weekdays.Select(w => w.ToString().ToUpperInvariant())],
                    s.DaysOfMonth, s.TimeZone, settings.AttachmentType.ToString(),
                    settings.Gating is { } g ? new GatingResponse(g.Metric, g.Operator.ToString(), g.Value) : null)
                : null,
            d.Threshold is { } t
                ? new ThresholdResponse(t.Condition.ToString(), t.Value, t.EvaluateEveryMinutes, t.HoldMinutes, t.RepeatEveryMinutes, t.TimeZone)
                : null,
            a.NextRunAt, a.LastOccurrence,
            a.Threshold is { } status
                ? new ThresholdStateResponse(status.State.ToString(), status.PendingSince, status.FiringSince, status.LastNotifiedAt,
                    status.LastEvaluation is { } e ? new EvaluationResponse(e.At, e.Value, e.ConditionMet, e.Error) : null)
                : null,
            a.CreatedAt, a.CreatedBy, a.UpdatedAt);
    }
}

public sealed record KpiRunResponse(Guid Id, Guid AlertId, string Kind, DateTimeOffset Occurrence, string Status, string? Reason, string? Error,
    DateTimeOffset StartedAt, long DurationMs, IReadOnlyList<string> Recipients, string? AttachmentType, long? AttachmentBytes, decimal? Value,
    int MissedOccurrences, int Attempt)
{
    public static KpiRunResponse From(KpiRun r) => new(r.Id, r.AlertId, r.Kind.ToString(), r.Occurrence, r.Status.ToString(), r.Reason, r.Error,
        r.StartedAt, r.DurationMs, r.Recipients, r.AttachmentType?.ToString(), r.AttachmentBytes, r.Value, r.MissedOccurrences, r.Attempt);
}

public sealed record KpiOccurrencesResponse(Guid AlertId, bool IsActive, IReadOnlyList<DateTimeOffset> Occurrences);

public sealed record KpiValueResponse(string MetricKey, decimal Value, DateTimeOffset Timestamp);
