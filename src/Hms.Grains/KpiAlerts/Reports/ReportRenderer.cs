using System.Globalization;
using System.Text;
using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>Renders a <see cref="KpiReport"/> as the file an alert attaches: CSV, Excel (.xlsx) or PDF.</summary>
public static class ReportRenderer
{
    public const string CsvContentType = "text/csv";
    public const string ExcelContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string PdfContentType = "application/pdf";

    private const int MaxSlugLength = 60;

    public static ReportFile Render(KpiReport report, AttachmentType type) => type switch
    {
        AttachmentType.CSV => new(FileName(report, "csv"), ContentType(type), CsvReport.Render(report)),
        AttachmentType.EXCEL => new(FileName(report, "xlsx"), ContentType(type), ExcelReport.Render(report)),
        AttachmentType.PDF => new(FileName(report, "pdf"), ContentType(type), PdfReport.Render(report)),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown attachment type."),
    };

    public static string ContentType(AttachmentType type) => type switch
    {
        AttachmentType.CSV => CsvContentType,
        AttachmentType.EXCEL => ExcelContentType,
        AttachmentType.PDF => PdfContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown attachment type."),
    };

    /// <summary>
    /// The title's slug and the period's local date: the date of the period's last instant, so a day
    /// [27 Mar 00:00, 28 Mar 00:00) is "…-2026-03-27".
    /// </summary>
    public static string FileName(KpiReport report, string extension)
    {
        var zone = ZonedTime.Zone(report.TimeZone);
        var last = report.To > report.From ? report.To.AddTicks(-1) : report.To;
        var date = ZonedTime.ToLocal(last, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{Slug(report.Title)}-{date}.{extension}";
    }

    /// <summary>Lower-case ASCII letters and digits, any other run as one '-', at most 60 characters; "kpi-report" when nothing is left.</summary>
    public static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // "Ü" is "U" and a diaeresis
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var text = slug.ToString(0, Math.Min(slug.Length, MaxSlugLength)).Trim('-');
        return text.Length == 0 ? "kpi-report" : text;
    }
}

/// <summary>How every report format writes times and values.</summary>
internal static class ReportText
{
    /// <summary>The instant as local ISO 8601 time with its offset, e.g. "2026-03-27T08:00:00+01:00".</summary>
    public static string Time(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(ZonedTime.ToLocal(instant, zone), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(instant)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
