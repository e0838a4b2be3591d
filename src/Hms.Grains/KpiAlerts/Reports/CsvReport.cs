using System.Text;
using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>
/// RFC 4180 CSV, UTF-8 without BOM, CRLF: five header lines (report, metric, period, time zone,
/// generated), a blank line, then "timestamp,value" and one line per value.
/// </summary>
public static class CsvReport
{
    private static readonly UTF8Encoding _utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Render(KpiReport report) => _utf8NoBom.GetBytes(Text(report));

    public static string Text(KpiReport report)
    {
        var zone = ZonedTime.Zone(report.TimeZone);
        var csv = new StringBuilder();
        void Line(params string[] fields) => csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

        Line("report", Inert(report.Title));
        Line("metric", Inert(report.Metric));
        Line("period", ReportText.Time(report.From, zone), ReportText.Time(report.To, zone));
        Line("time zone", report.TimeZone);
        Line("generated", ReportText.Time(report.GeneratedAt, zone));
        csv.Append("\r\n");
        Line("timestamp", "value");
        foreach (var point in report.Values)
        {
            Line(ReportText.Time(point.At, zone), ReportText.Number(point.Value));
        }
        return csv.ToString();
    }

    /// <summary>
    /// Text a person typed (a report's name, a metric): one that a spreadsheet would run as a formula
    /// (starting with = + - @, a tab or CR) gets a leading apostrophe, so it is shown, never evaluated.
    /// Numbers and instants are the report's own and stay as they are.
    /// </summary>
    public static string Inert(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    /// <summary>Quoted, with quotes doubled, only when it holds a comma, a quote, CR or LF.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
