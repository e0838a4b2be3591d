using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Hms.Api.Http;
using Hms.KpiAlerts;

namespace Hms.Api.KpiAlerts;

/// <summary>Where the alert reads its values: BUILT_IN (values pushed to the API) when left out, or CUBE (baseUrl, token, query).</summary>
public sealed record SourceRequest(KpiSourceKind? Kind = null, string? BaseUrl = null, string? Token = null, JsonElement? Query = null);

/// <summary>A report is sent only when this condition on another metric holds.</summary>
public sealed record GatingRequest(string? Metric, Comparison? Operator, decimal? Value);

/// <summary>When a schedule alert sends its report, in <c>timeZone</c> (IANA).</summary>
public sealed record ScheduleRequest(
    [property: AllowedValues("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "hour", "day", "week", "month")] string? Frequency,
    string? TimeZone,
    [property: Range(0, 23)] int? Hour = null,
    [property: Range(0, 59)] int? Minute = null,
    [property: Weekdays] string[]? Weekdays = null,
    int[]? DaysOfMonth = null,
    AttachmentType? AttachmentType = null,
    GatingRequest? GatingCondition = null);

/// <summary>When a threshold alert fires: the condition must hold for holdMinutes, re-checked every evaluateEveryMinutes.</summary>
public sealed record ThresholdRequest(Comparison? Condition, decimal? Value,
    [property: Range(1, 1440)] int? EvaluateEveryMinutes = null,
    [property: Range(0, 7 * 24 * 60)] int? HoldMinutes = null,
    [property: Range(1, 7 * 24 * 60)] int? RepeatEveryMinutes = null,
    string? TimeZone = null);

/// <summary>A new KPI alert: a <c>schedule</c> alert needs <c>schedule</c>, a <c>threshold</c> alert needs <c>threshold</c>.</summary>
public sealed record CreateKpiAlertRequest(string? Name, string? DashboardId, string? GraphId, string? Metric, string[]? Recipients,
    KpiAlertType? Type, bool? IsActive = null, SourceRequest? Source = null, ScheduleRequest? Schedule = null,
    ThresholdRequest? Threshold = null);

/// <summary>A change to an alert: fields left out keep their value; its type cannot change.</summary>
public sealed record ChangeKpiAlertRequest(string? Name = null, string? DashboardId = null, string? GraphId = null, string? Metric = null,
    string[]? Recipients = null, bool? IsActive = null, SourceRequest? Source = null, ScheduleRequest? Schedule = null,
    ThresholdRequest? Threshold = null);

/// <summary>A KPI value; <c>timestamp</c> is now when left out.</summary>
public sealed record PushKpiValueRequest(decimal? Value, DateTimeOffset? Timestamp = null);

/// <summary>The shape checks of an alert request (fields, enums, numbers); the alert's grain checks the rules.</summary>
public static class KpiAlertRequestCheck
{
    private static readonly Dictionary<string, ScheduleFrequency> FrequencyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hour"] = ScheduleFrequency.HOURLY, ["day"] = ScheduleFrequency.DAILY, ["week"] = ScheduleFrequency.WEEKLY, ["month"] = ScheduleFrequency.MONTHLY,
    };

    public static KpiSource? Source(this RequestCheck check, SourceRequest? s)
    {
        if (s is null)
        {
            return null;
        }
        var kind = s.Kind ?? KpiSourceKind.BUILT_IN;
        if (s.Query is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            check.Add("source.query", "source.query is a JSON object.");
        }
        var query = s.Query is { ValueKind: JsonValueKind.Object } q ? q.GetRawText() : null;
        return new KpiSource(kind, check.OptionalText("source.baseUrl", s.BaseUrl, 500), check.OptionalText("source.token", s.Token, 2000), query);
    }

    public static ScheduleSettings? Schedule(this RequestCheck check, ScheduleRequest? s)
    {
        if (s is null)
        {
            return null;
        }
        ScheduleFrequency? frequency = s.Frequency is { } f && FrequencyNames.TryGetValue(f.Trim(), out var seed) ? seed
            : check.OptionalEnum<ScheduleFrequency>("schedule.frequency", s.Frequency);
        if (frequency is null && string.IsNullOrWhiteSpace(s.Frequency))
        {
            check.Add("schedule.frequency", "schedule.frequency is required: HOURLY, DAILY, WEEKLY or MONTHLY (or hour, day, week, month).");
        }
        var weekdays = ImmutableArray.CreateBuilder<DayOfWeek>();
        foreach (var day in s.Weekdays ?? [])
        {
            var name = day?.Trim() ?? "";
            var match = Enum.GetValues<DayOfWeek>().Where(d => name.Length >= 3 && d.ToString().StartsWith(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1)
            {
                weekdays.Add(match[0]);
            }
            else
            {
                check.Add("schedule.weekdays", $"'{day}' is not a weekday (MONDAY … SUNDAY).");
            }
        }
        var gating = s.GatingCondition is { } g
            ? new GatingCondition(check.Text("schedule.gatingCondition.metric", g.Metric, 200),
                check.Enum("schedule.gatingCondition.operator", g.Operator),
                g.Value ?? Missing(check, "schedule.gatingCondition.value"))
            : null;
        return new ScheduleSettings(
            new KpiSchedule(frequency ?? ScheduleFrequency.DAILY, s.Hour ?? 0, check.Number("schedule.minute", s.Minute, 0, 59, 0),
                [.. weekdays.Distinct()], [.. (s.DaysOfMonth ?? []).Distinct().Order()], check.Text("schedule.timeZone", s.TimeZone, 64)),
            s.AttachmentType ?? AttachmentType.PDF, gating);
    }

    public static ThresholdSettings? Threshold(this RequestCheck check, ThresholdRequest? t) => t is null ? null : new ThresholdSettings(
        check.Enum("threshold.condition", t.Condition),
        t.Value ?? Missing(check, "threshold.value"),
        t.EvaluateEveryMinutes ?? ThresholdSettings.DefaultEvaluateEveryMinutes, t.HoldMinutes ?? 0, t.RepeatEveryMinutes,
        check.Text("threshold.timeZone", t.TimeZone ?? "UTC", 64));

    public static ImmutableArray<string>? Recipients(this RequestCheck check, string[]? recipients, bool required)
    {
        if (recipients is null && required)
        {
            check.Add("recipients", "recipients is a list of e-mail addresses.");
        }
        return recipients is null ? null : [.. recipients.Select(r => r ?? "")];
    }

    private static decimal Missing(RequestCheck check, string field)
    {
        check.Add(field, $"{field} is required.");
        return 0;
    }
}
