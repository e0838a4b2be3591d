using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>
/// An A4 portrait PDF: page 1 has the title, metric, period and generation time, then a table
/// "Timestamp | Value" whose header repeats on every page; every page has "Page n of N". Written by
/// <see cref="PdfWriter"/> with the standard fonts Helvetica and Helvetica-Bold; a title or metric in
/// Greek, Devanagari, Chinese, … is set in the embedded report fonts. The layout is fixed (points, 72 per inch), so the page count follows from the number of
/// values alone: see <see cref="PageCount"/>.
/// </summary>
public static class PdfReport
{
    private const int PageHeight = PdfWriter.PageHeight;
    private const int Margin = 50;
    private const int TableWidth = 495; // 595 − 2 × Margin
    private const int CellPadding = 4;
    private const int TitleHeight = 26;
    private const int LineHeight = 16;
    private const int HeaderHeight = 20;
    private const int RowHeight = 16;
    private const int FirstTableTop = Margin + TitleHeight + 3 * LineHeight + 14; // below title, metric, period, generated
    private const int TableBottom = PageHeight - 70;
    private const int FooterTop = PageHeight - 45;
    private const double TitleSize = 16;
    private const double FontSize = 10;
    private const double HeaderGray = 0.86;
    private const double RuleGray = 0.83;
    private const double FooterGray = 0.5;

    /// <summary>Value rows on page 1, below the report's heading.</summary>
    public const int RowsOnFirstPage = (TableBottom - FirstTableTop - HeaderHeight) / RowHeight;

    /// <summary>Value rows on every further page.</summary>
    public const int RowsPerPage = (TableBottom - Margin - HeaderHeight) / RowHeight;

    /// <summary>1 up to <see cref="RowsOnFirstPage"/> values (an empty report too), then one page per <see cref="RowsPerPage"/> more.</summary>
    public static int PageCount(int values) =>
        values <= RowsOnFirstPage ? 1 : 1 + (values - RowsOnFirstPage + RowsPerPage - 1) / RowsPerPage;

    public static byte[] Render(KpiReport report)
    {
        var zone = ZonedTime.Zone(report.TimeZone);
        var pages = PageCount(report.Values.Count);
        var pdf = new PdfWriter(report.Title, report.GeneratedAt.ToOffset(zone.GetUtcOffset(report.GeneratedAt)));
        var next = 0;
        for (var number = 1; number <= pages; number++)
        {
            var page = new PdfContent(pdf.Fonts);
            if (number == 1)
            {
                Text(page, PdfWriter.Bold, TitleSize, Margin, Margin, report.Title);
                string[] lines =
                [
                    $"Metric: {report.Metric}",
                    $"Period: {ReportText.Time(report.From, zone)} – {ReportText.Time(report.To, zone)} ({report.TimeZone})",
                    $"Generated: {ReportText.Time(report.GeneratedAt, zone)}",
                ];
                for (var i = 0; i < lines.Length; i++)
                {
                    Text(page, PdfWriter.Regular, FontSize, Margin, Margin + TitleHeight + i * LineHeight, lines[i]);
                }
            }

            var y = number == 1 ? FirstTableTop : Margin;
            page.Rectangle(Margin, PageHeight - y - HeaderHeight, TableWidth, HeaderHeight, HeaderGray);
            Row(page, PdfWriter.Bold, y + 3, "Timestamp", "Value");
            y += HeaderHeight;
            if (report.Values.Count == 0)
            {
                Text(page, PdfWriter.Regular, FontSize, Margin + CellPadding, y + 3, "No values in this period.");
            }
            var rows = number == 1 ? RowsOnFirstPage : RowsPerPage;
            for (var i = 0; i < rows && next < report.Values.Count; i++, next++)
            {
                var point = report.Values[next];
                Row(page, PdfWriter.Regular, y + 2, ReportText.Time(point.At, zone), ReportText.Number(point.Value));
                y += RowHeight;
                page.Line(Margin, PageHeight - y, Margin + TableWidth, PageHeight - y, RuleGray, 0.5);
            }

            var footer = $"Page {number} of {pages}";
            var centered = Margin + (TableWidth - PdfWriter.Width(footer, PdfWriter.Regular, FontSize)) / 2;
            Text(page, PdfWriter.Regular, FontSize, centered, FooterTop, footer, FooterGray);
            pdf.AddPage(page);
        }
        return pdf.ToArray();
    }

    /// <summary>Text whose line starts <paramref name="top"/> points below the page's top edge (baseline one font size lower).</summary>
    private static void Text(PdfContent page, string font, double size, double x, double top, string text, double gray = 0) =>
        page.Text(font, size, x, PageHeight - top - size, text, gray);

    /// <summary>The timestamp left-aligned in its column, the value right-aligned in its column.</summary>
    private static void Row(PdfContent page, string font, double top, string timestamp, string value)
    {
        Text(page, font, FontSize, Margin + CellPadding, top, timestamp);
        var right = Margin + TableWidth - CellPadding;
        Text(page, font, FontSize, right - PdfWriter.Width(value, font, FontSize), top, value);
    }
}
