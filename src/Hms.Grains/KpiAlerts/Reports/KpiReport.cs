namespace Hms.KpiAlerts;

/// <summary>What a scheduled KPI report shows: its title, the metric, the period [From, To) and the values in it.</summary>
public sealed record KpiReport(
    // The report's name as the alert gives it; also the file name's stem.
    string Title,
    // The KPI's metric key, e.g. "er.visits".
    string Metric,
    // The period's first instant.
    DateTimeOffset From,
    // The instant just after the period.
    DateTimeOffset To,
    // The IANA zone every time in the report is shown in.
    string TimeZone,
    // The values in the period, shown in this order.
    IReadOnlyList<KpiPoint> Values,
    // When the report was made.
    DateTimeOffset GeneratedAt);

/// <summary>A rendered report file, ready to attach to an e-mail.</summary>
public sealed record ReportFile(
    // e.g. "er-visits-daily-2026-03-27.csv".
    string FileName,
    // The MIME type of the content.
    string ContentType,
    byte[] Content);
