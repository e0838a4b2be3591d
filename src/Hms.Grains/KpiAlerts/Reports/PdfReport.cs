using Hms.Common;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.License;
using PdfSharp.Pdf;

namespace Hms.KpiAlerts.Reports;

/// <summary>
/// An A4 portrait PDF: page 1 has the title, metric, period and generation time, then a table
/// "Timestamp | Value" whose header repeats on every page; every page has "Page n of N". The layout
/// is fixed (points, 72 per inch), so the page count follows from the number of values alone:
/// see <see cref="PageCount"/>.
/// </summary>
public static class PdfReport
{
    private const int PageHeight = 842; // A4 is 595.28 × 841.89 pt
    private const int Margin = 50;
    private const int TableWidth = 495; // 595 − 2 × Margin
    private const int TimestampWidth = 300;
    private const int TitleHeight = 26;
    private const int LineHeight = 16;
    private const int HeaderHeight = 20;
    private const int RowHeight = 16;
    private const int FirstTableTop = Margin + TitleHeight + 3 * LineHeight + 14; // below title, metric, period, generated
    private const int TableBottom = PageHeight - 70;
    private const int FooterTop = PageHeight - 45;

    /// <summary>Value rows on page 1, below the report's heading.</summary>
    public const int RowsOnFirstPage = (TableBottom - FirstTableTop - HeaderHeight) / RowHeight;

    /// <summary>Value rows on every further page.</summary>
    public const int RowsPerPage = (TableBottom - Margin - HeaderHeight) / RowHeight;

    /// <summary>1 up to <see cref="RowsOnFirstPage"/> values (an empty report too), then one page per <see cref="RowsPerPage"/> more.</summary>
    public static int PageCount(int values) =>
        values <= RowsOnFirstPage ? 1 : 1 + (values - RowsOnFirstPage + RowsPerPage - 1) / RowsPerPage;

    public static byte[] Render(KpiReport report)
    {
        ReportFonts.EnsureInstalled();
        var zone = ZonedTime.Zone(report.TimeZone);
        var regular = new XFont(ReportFonts.Family, 10);
        var bold = new XFont(ReportFonts.Family, 10, XFontStyleEx.Bold);
        var pages = PageCount(report.Values.Count);

        using var document = NewDocument();
        document.Info.Title = report.Title;
        document.Info.Creator = "HMS Orleans";
        var next = 0;
        for (var number = 1; number <= pages; number++)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Portrait;
            using var gfx = XGraphics.FromPdfPage(page);
            if (number == 1)
            {
                gfx.DrawString(report.Title, new XFont(ReportFonts.Family, 16, XFontStyleEx.Bold), XBrushes.Black, new XRect(Margin, Margin, TableWidth, TitleHeight), XStringFormats.TopLeft);
                string[] lines =
                [
                    $"Metric: {report.Metric}",
                    $"Period: {ReportText.Time(report.From, zone)} – {ReportText.Time(report.To, zone)} ({report.TimeZone})",
                    $"Generated: {ReportText.Time(report.GeneratedAt, zone)}",
                ];
                for (var i = 0; i < lines.Length; i++)
                {
                    Text(gfx, lines[i], regular, Margin + TitleHeight + i * LineHeight);
                }
            }

            var y = number == 1 ? FirstTableTop : Margin;
            gfx.DrawRectangle(XBrushes.Gainsboro, Margin, y, TableWidth, HeaderHeight);
            Row(gfx, bold, y + 3, "Timestamp", "Value");
            y += HeaderHeight;
            if (report.Values.Count == 0)
            {
                Text(gfx, "No values in this period.", regular, y + 3);
            }
            var rows = number == 1 ? RowsOnFirstPage : RowsPerPage;
            for (var i = 0; i < rows && next < report.Values.Count; i++, next++)
            {
                var point = report.Values[next];
                Row(gfx, regular, y + 2, ReportText.Time(point.At, zone), ReportText.Number(point.Value));
                y += RowHeight;
                gfx.DrawLine(XPens.LightGray, Margin, y, Margin + TableWidth, y);
            }

            gfx.DrawString($"Page {number} of {pages}", regular, XBrushes.Gray, new XRect(Margin, FooterTop, TableWidth, LineHeight), XStringFormats.TopCenter);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    // PDFsharp 6.5 refuses to make a document until the program has chosen its license. That choice (AGPL
    // or a commercial key) is the host's to make at start-up, not this renderer's.
    private static PdfDocument NewDocument()
    {
        try
        {
            return new PdfDocument();
        }
        catch (PdfSharpLicenseException e)
        {
            throw new InvalidOperationException(
                "PDF reports need a PDFsharp license chosen at start-up: PdfSharpLicense.SetAgplLicense() (AGPL-3.0, which then " +
                "applies to the whole program) or PdfSharpLicense.LoadLicense(key) (commercial). None valid is loaded.", e);
        }
    }

    private static void Text(XGraphics gfx, string text, XFont font, double y) =>
        gfx.DrawString(text, font, XBrushes.Black, new XRect(Margin, y, TableWidth, LineHeight), XStringFormats.TopLeft);

    private static void Row(XGraphics gfx, XFont font, double y, string timestamp, string value)
    {
        gfx.DrawString(timestamp, font, XBrushes.Black, new XRect(Margin + 4, y, TimestampWidth, LineHeight), XStringFormats.TopLeft);
        gfx.DrawString(value, font, XBrushes.Black, new XRect(Margin + TimestampWidth, y, TableWidth - TimestampWidth - 4, LineHeight), XStringFormats.TopRight);
    }
}
