using System.Collections.Immutable;
using System.Text.Json;
using Hms.Api.Http;
using Hms.KpiAlerts;

namespace Hms.Api.KpiAlerts;

public sealed record SourceRequest(string? Kind, string? BaseUrl, string? Token, JsonElement? Query);

public sealed record GatingRequest(string? Metric, string? Operator, decimal? Value);

public sealed record ScheduleRequest(string? Frequency, int? Hour, int? Minute, string[]? Weekdays, int[]? DaysOfMonth, string? TimeZone,
    string? AttachmentType, GatingRequest? GatingCondition);

public sealed record ThresholdRequest(string? Condition, decimal? Value, int? EvaluateEveryMinutes, int? HoldMinutes, int? RepeatEveryMinutes,
    string? TimeZone);

public sealed record CreateKpiAlertRequest(string? Name, string? DashboardId, string? GraphId, string? Metric, string[]? Recipients,
    bool? IsActive, string? Type, SourceRequest? Source, ScheduleRequest? Schedule, ThresholdRequest? Threshold);

public sealed record ChangeKpiAlertRequest(string? Name, string? DashboardId, string? GraphId, string? Metric, string[]? Recipients,
    bool? IsActive, SourceRequest? Source, ScheduleRequest? Schedule, ThresholdRequest? Threshold);

public sealed record PushKpiValueRequest(decimal? Value, string? Timestamp);

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
        var kind = check.OptionalEnum<KpiSourceKind>("source.kind", s.Kind) ?? KpiSourceKind.BUILT_IN;
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
                check.OptionalEnum<Comparison>("schedule.gatingCondition.operator", g.Operator) ?? Required<Comparison>(check, "schedule.gatingCondition.operator", g.Operator),
                g.Value ?? Missing(check, "schedule.gatingCondition.value"))
            : null;
        return new ScheduleSettings(
            new KpiSchedule(frequency ?? ScheduleFrequency.DAILY, s.Hour ?? 0, check.Number("schedule.minute", s.Minute, 0, 59, 0),
                [.. weekdays.Distinct()], [.. (s.DaysOfMonth ?? []).Distinct().Order()], check.Text("schedule.timeZone", s.TimeZone, 64)),
            check.OptionalEnum<AttachmentType>("schedule.attachmentType", s.AttachmentType) ?? AttachmentType.PDF, gating);
    }

    public static ThresholdSettings? Threshold(this RequestCheck check, ThresholdRequest? t) => t is null ? null : new ThresholdSettings(
        check.OptionalEnum<Comparison>("threshold.condition", t.Condition) ?? Required<Comparison>(check, "threshold.condition", t.Condition),
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

    private static TEnum Required<TEnum>(RequestCheck check, string field, string? value) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            check.Add(field, $"{field} is required: one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
        return default;
    }

    private static decimal Missing(RequestCheck check, string field)
    {
        check.Add(field, $"{field} is required.");
        return 0;
    }
}
