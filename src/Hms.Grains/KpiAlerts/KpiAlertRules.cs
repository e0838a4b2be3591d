using System.Collections.Immutable;
using System.Net.Mail;
using System.Text.Json;
using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;

namespace Hms.KpiAlerts;

/// <summary>What makes an alert valid, which deadline it holds, and the period a report covers.</summary>
public static class KpiAlertRules
{
    private static readonly JobName OccurrenceJob = new("KPI_OCCURRENCE_DEADLINE");

    /// <summary>A scheduled alert's next occurrence.</summary>
    public static readonly DeadlineKind Occurrence = new("occurrence", OccurrenceJob);

    /// <summary>A threshold alert's next evaluation.</summary>
    public static readonly DeadlineKind Evaluate = new("evaluate", new JobName("KPI_EVALUATE_DEADLINE"));

    /// <summary>Another attempt at an occurrence whose run failed (recorded as the occurrence's job).</summary>
    public static readonly DeadlineKind Retry = new("retry", OccurrenceJob);

    /// <summary>A failed occurrence is tried again after 1, 5 and 15 minutes — never once the next occurrence is due.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    public const int MaxRecipients = 50;
    public const int MaxRuleMinutes = 7 * 24 * 60;

    /// <summary>An hourly alert down for a year: occurrences counted past this are not told apart.</summary>
    public const int MaxMissedCounted = 10_000;


    /// <summary>An active alert's deadlines: its next occurrence or next evaluation, and a failed occurrence's retry.</summary>
    public static DeadlineSet Deadlines(KpiAlertView? alert, KpiRetry? retry) =>
        alert is not { Definition.IsActive: true } ? DeadlineSet.None
            : DeadlineSet.Of((alert.Definition.Type == KpiAlertType.schedule ? Occurrence : Evaluate, alert.NextRunAt), (Retry, retry?.At));

    /// <summary>The next attempt after <paramref name="failed"/>; null when the attempts are used up or the next occurrence comes first.</summary>
    public static KpiRetry? RetryAfter(KpiRun failed, DateTimeOffset? nextOccurrence, DateTimeOffset now)
    {
        if (failed.Status != KpiRunStatus.FAILED || failed.Attempt > RetryDelays.Count)
        {
            return null;
        }
        var at = now + RetryDelays[failed.Attempt - 1];
        return nextOccurrence is { } next && at >= next ? null : new KpiRetry(failed.Occurrence, failed.Attempt + 1, at, failed.MissedOccurrences);
    }

    /// <summary>Checks a whole definition; the first rule broken is the answer.</summary>
    public static KpiAlertDefinition EnsureValid(KpiAlertDefinition d)
    {
        Require(d.Name, "name", "invalid_name", 200);
        Require(d.DashboardId, "dashboardId", "invalid_dashboard_id", 100);
        Require(d.GraphId, "graphId", "invalid_graph_id", 100);
        Require(d.Metric, "metric", "invalid_metric", 200);
        var recipients = Recipients(d.Recipients);
        var source = EnsureSource(d.Source);
        switch (d.Type)
        {
            case KpiAlertType.schedule:
                if (d.Schedule is null || d.Threshold is not null)
                {
                    throw Errors.BadRequest("schedule_required", "A schedule alert has a schedule and no threshold.");
                }
                ScheduleOccurrences.EnsureValid(d.Schedule.Schedule);
                if (d.Schedule.Gating is { } gating)
                {
                    Require(gating.Metric, "gatingCondition.metric", "invalid_gating_metric", 200);
                }
                break;
            case KpiAlertType.threshold:
                if (d.Threshold is not { } t || d.Schedule is not null)
                {
                    throw Errors.BadRequest("threshold_required", "A threshold alert has a threshold and no schedule.");
                }
                EnsureThreshold(t);
                break;
            default:
                throw Errors.BadRequest("invalid_alert_type", "type is schedule or threshold.");
        }
        return d with { Name = d.Name.Trim(), Metric = d.Metric.Trim(), Recipients = recipients, Source = source };
    }

    /// <summary>The first occurrence or evaluation after <paramref name="now"/>; null while paused.</summary>
    public static DateTimeOffset? FirstRun(KpiAlertDefinition d, DateTimeOffset now) => !d.IsActive ? null
        : d.Type == KpiAlertType.schedule ? ScheduleOccurrences.Next(d.Schedule!.Schedule, now)
        : now.AddMinutes(d.Threshold!.EvaluateEveryMinutes);

    /// <summary>
    /// The period a report at <paramref name="occurrence"/> covers: the hour, day, week or calendar month
    /// (in the alert's zone) that ends at it.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) ReportPeriod(KpiSchedule s, DateTimeOffset occurrence)
    {
        if (s.Frequency == ScheduleFrequency.HOURLY)
        {
            return (occurrence.AddHours(-1), occurrence);
        }
        var zone = ZonedTime.Zone(s.TimeZone);
        var local = ZonedTime.ToLocal(occurrence, zone);
        var start = s.Frequency switch
        {
            ScheduleFrequency.DAILY => local.AddDays(-1),
            ScheduleFrequency.WEEKLY => local.AddDays(-7),
            _ => local.AddMonths(-1),
        };
        return (ZonedTime.ToInstant(DateOnly.FromDateTime(start), TimeOnly.FromDateTime(start), zone), occurrence);
    }

    /// <summary>The latest occurrence due by <paramref name="now"/>, starting from the one the deadline fired for, and how many it passes over.</summary>
    public static (DateTimeOffset Latest, int Missed) LatestDue(KpiSchedule s, DateTimeOffset due, DateTimeOffset now)
    {
        var latest = due;
        var missed = 0;
        while (missed < MaxMissedCounted && ScheduleOccurrences.Next(s, latest) is var next && next <= now)
        {
            latest = next;
            missed++;
        }
        return (latest, missed);
    }

    private static void EnsureThreshold(ThresholdSettings t)
    {
        if (ZonedTime.FindIana(t.TimeZone) is null)
        {
            throw Errors.BadRequest("invalid_time_zone", $"'{t.TimeZone}' is not an IANA time zone.");
        }
        if (t.EvaluateEveryMinutes is < 1 or > 1440)
        {
            throw Errors.BadRequest("invalid_evaluation_interval", "evaluateEveryMinutes is 1–1440.");
        }
        if (t.HoldMinutes is < 0 or > MaxRuleMinutes || t.RepeatEveryMinutes is < 1 or > MaxRuleMinutes)
        {
            throw Errors.BadRequest("invalid_threshold_timing", $"holdMinutes is 0–{MaxRuleMinutes} and repeatEveryMinutes 1–{MaxRuleMinutes}.");
        }
    }

    private static KpiSource EnsureSource(KpiSource? source)
    {
        if (source is null || source.Kind == KpiSourceKind.BUILT_IN)
        {
            return KpiSource.BuiltIn;
        }
        if (!Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw Errors.BadRequest("invalid_source_url", "A CUBE source has an absolute http(s) baseUrl.");
        }
        try
        {
            using var query = JsonDocument.Parse(source.Query ?? "");
            if (query.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException();
            }
        }
        catch (JsonException)
        {
            throw Errors.BadRequest("invalid_source_query", "A CUBE source has its query as a JSON object.");
        }
        return source with { BaseUrl = url.ToString().TrimEnd('/') };
    }

    private static ImmutableArray<string> Recipients(ImmutableArray<string> recipients)
    {
        if (recipients.IsDefaultOrEmpty || recipients.Length > MaxRecipients)
        {
            throw Errors.BadRequest("invalid_recipients", $"recipients holds 1–{MaxRecipients} e-mail addresses.");
        }
        var checkedOnes = recipients.Select(r => (r ?? "").Trim()).ToImmutableArray();
        foreach (var address in checkedOnes)
        {
            if (!IsEmail(address))
            {
                throw Errors.BadRequest("invalid_recipient", $"'{address}' is not an e-mail address.");
            }
        }
        return [.. checkedOnes.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool IsEmail(string address) =>
        address.Length <= 254 && MailAddress.TryCreate(address, out var parsed) && parsed.Address == address
        && string.IsNullOrEmpty(parsed.DisplayName) && parsed.Host.Contains('.') && !parsed.Host.EndsWith('.');

    private static void Require(string? value, string field, string code, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
        {
            throw Errors.BadRequest(code, $"{field} is required, at most {max} characters.");
        }
    }
}
