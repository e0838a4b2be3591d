using System.Diagnostics;
using Hms.Common;
using Hms.Jobs;
using Microsoft.Extensions.Logging;

namespace Hms.KpiAlerts;

/// <summary>The runs of an alert: a scheduled report, a threshold evaluation and its notices, a test send.</summary>
public sealed partial class KpiAlertGrain
{
    /// <summary>
    /// The occurrence deadline: the latest occurrence due now runs once (those an outage skipped are
    /// counted, not replayed), claimed in state with the deadline moved on before anything is sent.
    /// </summary>
    private Task RunOccurrenceAsync(KpiAlertView alert, DateTimeOffset dueAt, RunSource source)
    {
        var startedAt = Now;
        var schedule = alert.Definition.Schedule!.Schedule;
        var (occurrence, missed) = KpiAlertRules.LatestDue(schedule, dueAt, startedAt);
        var advanced = alert with
        {
            NextRunAt = ScheduleOccurrences.Next(schedule, occurrence > startedAt ? occurrence : startedAt),
            LastOccurrence = occurrence,
        };
        return AttemptAsync(advanced, occurrence, missed, attempt: 1, occurrence, startedAt, source);
    }

    /// <summary>The retry deadline: the failed occurrence runs again, claimed the same way.</summary>
    private Task RetryAsync(KpiRetry retry, RunSource source) =>
        AttemptAsync(State.Alert!, retry.Occurrence, retry.MissedOccurrences, retry.Attempt, retry.At, Now, source);

    private async Task AttemptAsync(KpiAlertView alert, DateTimeOffset occurrence, int missed, int attempt, DateTimeOffset dueAt,
        DateTimeOffset startedAt, RunSource source)
    {
        var claimed = NewRun(alert, KpiRunKind.OCCURRENCE, occurrence) with { MissedOccurrences = missed, Attempt = attempt };
        await SaveAlertAsync(State with { Alert = alert, InFlight = claimed, Retry = null }, [], []);
        var (run, report) = await SendReportAsync(alert, claimed, gate: true);
        var retry = KpiAlertRules.RetryAfter(run, alert.NextRunAt, Now);
        if (retry is not null)
        {
            run = run with { Reason = $"Attempt {attempt} failed; attempt {retry.Attempt} at {ZonedTime.Describe(retry.At, ZonedTime.Zone(alert.Definition.Schedule!.Schedule.TimeZone))}." };
        }
        await SaveAlertAsync(State with { InFlight = null, Retry = retry },
            [KpiRunRow.Of(run, report), JobRuns.Handled(new JobRunOf(KpiAlertRules.Occurrence.Job, alert.TenantId, source, Id.ToString()), dueAt,
                startedAt, Now, itemsProcessed: run.Status == KpiRunStatus.SENT ? 1 : 0)], []);
        LogOccurrence(Id, occurrence, attempt, run.Status, (startedAt - dueAt).TotalMilliseconds, missed);
    }

    /// <summary>Gate, query, render, mail: the run's outcome and the report it sent, never an exception.</summary>
    private async Task<(KpiRun Run, ReportFile? Report)> SendReportAsync(KpiAlertView alert, KpiRun run, bool gate)
    {
        var d = alert.Definition;
        var settings = d.Schedule!;
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (gate && settings.Gating is { } gating)
            {
                var latest = await source.LatestAsync(alert.TenantId, d.Source, gating.Metric, run.Occurrence);
                var reason = latest is null
                    ? $"Gating condition not evaluated: {gating.Metric} has no value."
                    : !ThresholdRules.Holds(gating.Operator, latest.Value, gating.Value)
                        ? $"Gating condition not met: {gating.Metric} is {latest.Value}, not {ThresholdRules.Describe(gating.Operator)} {gating.Value}."
                        : null;
                if (reason is not null)
                {
                    return (Finished(run, started, KpiRunStatus.SKIPPED, reason: reason, value: latest?.Value), null);
                }
            }
            var (from, to) = KpiAlertRules.ReportPeriod(settings.Schedule, run.Occurrence);
            var values = await source.SeriesAsync(alert.TenantId, d.Source, d.Metric, from, to);
            var file = ReportRenderer.Render(new KpiReport(d.Name, d.Metric, from, to, settings.Schedule.TimeZone, values, Now), settings.AttachmentType);
            await mailer.SendAsync(KpiAlertMail.Report(alert, from, to, values.Count, file));
            return (Finished(run, started, KpiRunStatus.SENT, recipients: true) with
            {
                AttachmentType = settings.AttachmentType,
                AttachmentBytes = file.Content.Length,
            }, file);
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "KPI alert {AlertId}: the {Kind} run for {Occurrence} failed", Id, run.Kind, run.Occurrence);
            return (Finished(run, started, KpiRunStatus.FAILED, error: ex.Message), null);
        }
    }

    /// <summary>
    /// Reads the metric, moves the threshold's state machine, and sends the notice it owes — claimed in
    /// state first, so a retried or duplicate evaluation does not notify twice.
    /// </summary>
    private async Task EvaluateAsync(KpiAlertView alert, bool onDeadline)
    {
        var settings = alert.Definition.Threshold!;
        var evaluation = await ReadAsync(alert);
        var (status, notice) = ThresholdRules.Apply(settings, alert.Threshold ?? ThresholdStatus.Initial, evaluation);
        var evaluated = alert with { Threshold = status, NextRunAt = NextEvaluation(alert, settings, status, evaluation.At, onDeadline) };
        // An ERROR is recorded when a streak of them starts; the alert's last evaluation shows the latest.
        KpiRunRow[] error = evaluation.Error is not null && alert.Threshold?.LastEvaluation?.Error is null
            ? [new KpiRunRow(NewRun(alert, KpiRunKind.EVALUATION, evaluation.At) with { Status = KpiRunStatus.ERROR, Error = evaluation.Error })]
            : [];
        if (notice is not { } owed)
        {
            await SaveAlertAsync(State with { Alert = evaluated }, error, []);
            return;
        }
        var claimed = NewRun(alert, KpiRunKind.EVALUATION, evaluation.At) with { Reason = owed.ToString(), Value = evaluation.Value };
        await SaveAlertAsync(State with { Alert = evaluated, InFlight = claimed }, error, []);
        var run = await SendMailAsync(claimed, KpiAlertMail.Notice(evaluated, owed, evaluation));
        var notified = ThresholdRules.Notified(status, owed, run.Status == KpiRunStatus.SENT, evaluation.At);
        var after = State.Alert! with { Threshold = notified, NextRunAt = NextEvaluation(alert, settings, notified, evaluation.At, onDeadline) };
        await SaveAlertAsync(State with { Alert = after, InFlight = null }, [new KpiRunRow(run)], []);
        LogNotice(Id, owed, evaluation.Value, run.Status);
    }

    /// <summary>A deadline sets the next evaluation; a value arriving in between only ever brings it forward.</summary>
    private static DateTimeOffset NextEvaluation(KpiAlertView alert, ThresholdSettings settings, ThresholdStatus status, DateTimeOffset at,
        bool onDeadline)
    {
        var next = ThresholdRules.NextEvaluation(settings, status, at);
        return onDeadline || alert.NextRunAt is not { } armed || next < armed ? next : armed;
    }

    private async Task<KpiRun> SendTestNoticeAsync(KpiAlertView alert, KpiRun run)
    {
        var evaluation = await ReadAsync(alert);
        var sent = await SendMailAsync(run with { Value = evaluation.Value }, KpiAlertMail.Test(alert, evaluation));
        return sent with { Error = sent.Error ?? evaluation.Error };
    }

    private async Task<KpiRun> SendMailAsync(KpiRun run, ReportMail mail)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await mailer.SendAsync(mail);
            return Finished(run, started, KpiRunStatus.SENT, recipients: true);
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "KPI alert {AlertId}: mail for the {Kind} run failed", Id, run.Kind);
            return Finished(run, started, KpiRunStatus.FAILED, error: ex.Message);
        }
    }

    /// <summary>The threshold metric's latest value and whether it meets the condition; an ERROR when the source fails or has nothing.</summary>
    private async Task<KpiEvaluation> ReadAsync(KpiAlertView alert)
    {
        var d = alert.Definition;
        var at = Now;
        try
        {
            return await source.LatestAsync(alert.TenantId, d.Source, d.Metric, at) is { } latest
                ? new KpiEvaluation(at, latest.Value, ThresholdRules.Holds(d.Threshold!.Condition, latest.Value, d.Threshold.Value), null)
                : new KpiEvaluation(at, null, null, $"No data: {d.Metric} has no value.");
        }
        catch (Exception ex)
        {
            return new KpiEvaluation(at, null, null, $"Source failed: {ex.Message}");
        }
    }

    private KpiRun NewRun(KpiAlertView alert, KpiRunKind kind, DateTimeOffset occurrence) =>
        new(Guid.NewGuid(), Id, alert.TenantId, kind, occurrence, KpiRunStatus.FAILED, Reason: null, Error: null, Now, DurationMs: 0,
            Recipients: [], AttachmentType: null, AttachmentBytes: null, Value: null, MissedOccurrences: 0);

    private KpiRun Finished(KpiRun run, long started, KpiRunStatus status, string? reason = null, string? error = null,
        decimal? value = null, bool recipients = false) => run with
    {
        Status = status,
        Reason = reason ?? run.Reason,
        Error = error,
        Value = value ?? run.Value,
        DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        Recipients = recipients ? State.Alert?.Definition.Recipients ?? [] : [],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI alert {AlertId}: occurrence {Occurrence} attempt {Attempt} {Status}, {LatenessMs} ms after its instant ({Missed} missed occurrences covered)")]
    private partial void LogOccurrence(Guid alertId, DateTimeOffset occurrence, int attempt, KpiRunStatus status, double latenessMs, int missed);

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI alert {AlertId}: {Notice} notice at value {Value}: {Status}")]
    private partial void LogNotice(Guid alertId, ThresholdNotice notice, decimal? value, KpiRunStatus status);
}
