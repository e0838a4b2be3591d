using System.Globalization;
using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>The words of an alert's e-mails: a report with its attachment, a threshold notice, a test send.</summary>
public static class KpiAlertMail
{
    public static ReportMail Report(KpiAlertView alert, DateTimeOffset from, DateTimeOffset to, int values, ReportFile file)
    {
        var d = alert.Definition;
        var zone = d.Schedule!.Schedule.TimeZone;
        return new ReportMail(d.Recipients, $"{d.Name}: {Local(from, zone)} – {Local(to, zone)}",
            $"""
            The {d.Schedule.Schedule.Frequency.ToString().ToLowerInvariant()} report "{d.Name}" is attached ({file.FileName}).

            Metric: {d.Metric}
            Period: {Local(from, zone)} – {Local(to, zone)} ({zone})
            Values: {values}
            Dashboard {d.DashboardId}, graph {d.GraphId}.
            """, file);
    }

    public static ReportMail Notice(KpiAlertView alert, ThresholdNotice notice, KpiEvaluation evaluation)
    {
        var d = alert.Definition;
        var t = d.Threshold!;
        var rule = $"{d.Metric} {ThresholdRules.Describe(t.Condition)} {Number(t.Value)}";
        var (tag, what) = notice switch
        {
            ThresholdNotice.FIRING => ("FIRING", $"The condition {rule} holds: {d.Metric} is {Number(evaluation.Value)}."),
            ThresholdNotice.REPEAT => ("STILL FIRING", $"The condition {rule} still holds: {d.Metric} is {Number(evaluation.Value)}."),
            _ => ("RECOVERED", $"The condition {rule} no longer holds: {d.Metric} is {Number(evaluation.Value)}."),
        };
        return new ReportMail(d.Recipients, $"[{tag}] {d.Name}",
            $"""
            {what}

            Evaluated at {Local(evaluation.At, t.TimeZone)} ({t.TimeZone}).
            Dashboard {d.DashboardId}, graph {d.GraphId}.
            """, null);
    }

    public static ReportMail Test(KpiAlertView alert, KpiEvaluation evaluation)
    {
        var d = alert.Definition;
        var t = d.Threshold!;
        var reading = evaluation.Error ?? $"{d.Metric} is {Number(evaluation.Value)}.";
        return new ReportMail(d.Recipients, $"[TEST] {d.Name}",
            $"""
            A test of the threshold alert "{d.Name}": {d.Metric} {ThresholdRules.Describe(t.Condition)} {Number(t.Value)}.
            {reading}
            State: {(alert.Threshold ?? ThresholdStatus.Initial).State}.
            """, null);
    }

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

    private static string Local(DateTimeOffset at, string zone) => ZonedTime.Describe(at, ZonedTime.Zone(zone));
}
