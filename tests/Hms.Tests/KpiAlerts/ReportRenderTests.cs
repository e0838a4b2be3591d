using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hms.KpiAlerts;
using Hms.KpiAlerts.Reports;
using MiniExcelLibs;
using PdfSharp;
using PdfSharp.Fonts;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Hms.Tests.KpiAlerts;

/// <summary>Scheduled KPI reports rendered as CSV, Excel and PDF, each read back.</summary>
public sealed class ReportRenderTests
{
    // PDFsharp 6.5 renders nothing until a license is chosen. The tests choose AGPL (private use: nothing
    // is conveyed); the production host's choice is left to it (PdfReport names both options).
    static ReportRenderTests() => PdfSharpLicense.SetAgplLicense();

    private static DateTimeOffset Utc(int day, int hour, int minute = 0, int second = 0) => new(2026, 3, day, hour, minute, second, TimeSpan.Zero);

    // A Berlin day in winter time (+01:00): 27 Mar 2026 00:00 – 28 Mar 00:00 local.
    private static KpiReport Report(string title = "ER visits, daily", params KpiPoint[] values) =>
        new(title, "er.visits", Utc(26, 23), Utc(27, 23), "Europe/Berlin", values, Utc(27, 23, 0, 5));

    private static readonly KpiReport _daily = Report(values: [new(Utc(27, 7), 12.5m), new(Utc(27, 8), 30m), new(Utc(27, 9), 7m)]);

    [Fact]
    public void CsvIsTheExactLayoutInLocalTime() => Assert.Equal(
        "report,\"ER visits, daily\"\r\n" +
        "metric,er.visits\r\n" +
        "period,2026-03-27T00:00:00+01:00,2026-03-28T00:00:00+01:00\r\n" +
        "time zone,Europe/Berlin\r\n" +
        "generated,2026-03-28T00:00:05+01:00\r\n" +
        "\r\n" +
        "timestamp,value\r\n" +
        "2026-03-27T08:00:00+01:00,12.5\r\n" +
        "2026-03-27T09:00:00+01:00,30\r\n" +
        "2026-03-27T10:00:00+01:00,7\r\n",
        Encoding.UTF8.GetString(ReportRenderer.Render(_daily, AttachmentType.CSV).Content));

    [Fact]
    public void CsvQuotesOnlyFieldsWithACommaAQuoteOrALineBreak()
    {
        var text = CsvReport.Text(Report("Beds \"ICU\", west"));
        Assert.StartsWith("report,\"Beds \"\"ICU\"\", west\"\r\nmetric,er.visits\r\n", text, StringComparison.Ordinal);
        Assert.Equal("plain", CsvReport.Field("plain"));
        Assert.Equal("\"two\r\nlines\"", CsvReport.Field("two\r\nlines"));
    }

    [Fact]
    public void CsvIsUtf8WithoutBom()
    {
        var bytes = ReportRenderer.Render(Report("Überblick"), AttachmentType.CSV).Content;
        Assert.Equal((byte)'r', bytes[0]);
        Assert.StartsWith("report,Überblick\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AttachmentType.CSV, "er-visits-daily-2026-03-27.csv", "text/csv")]
    [InlineData(AttachmentType.EXCEL, "er-visits-daily-2026-03-27.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData(AttachmentType.PDF, "er-visits-daily-2026-03-27.pdf", "application/pdf")]
    public void FileNameIsTheTitlesSlugAndThePeriodsLocalDate(AttachmentType type, string fileName, string contentType)
    {
        var file = ReportRenderer.Render(_daily, type);
        Assert.Equal(fileName, file.FileName);
        Assert.Equal(contentType, file.ContentType);
        Assert.NotEmpty(file.Content);
    }

    [Theory]
    [InlineData("ER visits, daily", "er-visits-daily")]
    [InlineData("  --Notaufnahme: Überblick (ÄÖÜ)!  ", "notaufnahme-uberblick-aou")]
    [InlineData("!!!", "kpi-report")]
    [InlineData("", "kpi-report")]
    [InlineData("A very long report title that goes on and on well past sixty characters", "a-very-long-report-title-that-goes-on-and-on-well-past-sixty")]
    [InlineData("Sixty chars end on a separator xxxxxxxxxxxxxxxxxxxxxxxxxxxxx yes", "sixty-chars-end-on-a-separator-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void SlugIsLowerCaseLettersAndDigitsWithSingleDashes(string title, string slug) => Assert.Equal(slug, ReportRenderer.Slug(title));

    [Fact]
    public void ExcelReadsBackWithTitlePeriodHeaderAndNumericValues()
    {
        var file = ReportRenderer.Render(_daily, AttachmentType.EXCEL);
        using var stream = new MemoryStream(file.Content);
        Assert.Equal(["Report"], MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(10, rows.Count);
        Assert.Equal(("Report", "ER visits, daily"), (rows[0]["A"], rows[0]["B"]));
        Assert.Equal(("Metric", "er.visits"), (rows[1]["A"], rows[1]["B"]));
        Assert.Equal(("Period from", "2026-03-27T00:00:00+01:00"), (rows[2]["A"], rows[2]["B"]));
        Assert.Equal(("Period to", "2026-03-28T00:00:00+01:00"), (rows[3]["A"], rows[3]["B"]));
        Assert.Equal(("Time zone", "Europe/Berlin"), (rows[4]["A"], rows[4]["B"]));
        Assert.Null(rows[5]["A"]);
        Assert.Equal(("Timestamp", "Value"), (rows[6]["A"], rows[6]["B"]));
        Assert.Equal(("2026-03-27T08:00:00+01:00", 12.5), (rows[7]["A"], rows[7]["B"]));
        Assert.Equal(("2026-03-27T09:00:00+01:00", 30.0), (rows[8]["A"], rows[8]["B"]));
        Assert.Equal(("2026-03-27T10:00:00+01:00", 7.0), (rows[9]["A"], rows[9]["B"]));
    }

    [Fact]
    public void ExcelValueCellsAreNumbersInTheSheetNamedReport()
    {
        using var stream = new MemoryStream(ReportRenderer.Render(_daily, AttachmentType.EXCEL).Content);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Descendants<Sheet>());
        Assert.Equal("Report", sheet.Name?.Value);

        var cells = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Cell>()
            .ToDictionary(c => c.CellReference!.Value!);
        string[] values = ["12.5", "30", "7"];
        for (var i = 0; i < values.Length; i++)
        {
            var cell = cells[$"B{ExcelReport.FirstValueRow + i}"];
            Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"B{ExcelReport.FirstValueRow + i} is not a number cell");
            Assert.Equal(values[i], cell.CellValue?.Text);
        }
        Assert.Equal(CellValues.InlineString, cells[$"A{ExcelReport.FirstValueRow}"].DataType?.Value);
    }

    [Fact]
    public void PdfOfThreeValuesIsOnePageWithHeadingTableAndFooter()
    {
        var page = Assert.Single(PdfPages(_daily));
        string[] expected =
        [
            "ER visits, daily", "Metric: er.visits", "Generated: 2026-03-28T00:00:05+01:00", "Timestamp", "Value",
            "2026-03-27T08:00:00+01:00", "12.5", "2026-03-27T09:00:00+01:00", "30", "2026-03-27T10:00:00+01:00", "7", "Page 1 of 1",
        ];
        Assert.Equal(expected, page.Where(expected.Contains));
    }

    [Fact]
    public void PdfOfAnEmptyReportIsOnePageSayingSo()
    {
        var page = Assert.Single(PdfPages(Report()));
        Assert.Contains("No values in this period.", page);
        Assert.Contains("Page 1 of 1", page);
    }

    [Fact]
    public void PdfOfTwoWeeksHourlyRunsOverTheDocumentedPageCount()
    {
        var values = Enumerable.Range(0, 24 * 14).Select(h => new KpiPoint(Utc(13, 23).AddHours(h), h)).ToArray();
        var count = PdfReport.PageCount(values.Length);
        Assert.Equal(1 + (int)Math.Ceiling((values.Length - PdfReport.RowsOnFirstPage) / (double)PdfReport.RowsPerPage), count);
        Assert.True(count > 2);

        var pages = PdfPages(Report(values: values));
        Assert.Equal(count, pages.Count);
        var rows = pages.Select(p => p.Count(s => s.StartsWith("2026-", StringComparison.Ordinal))).ToList();
        Assert.Equal(PdfReport.RowsOnFirstPage, rows[0]);
        Assert.All(rows.Skip(1).SkipLast(1), r => Assert.Equal(PdfReport.RowsPerPage, r));
        Assert.Equal(values.Length, rows.Sum());
        for (var n = 1; n <= count; n++)
        {
            Assert.Contains("Timestamp", pages[n - 1]); // the header on every page
            Assert.Contains($"Page {n} of {count}", pages[n - 1]);
        }
        Assert.Equal(PdfReport.RowsOnFirstPage.ToString(CultureInfo.InvariantCulture), pages[1][pages[1].IndexOf("Value") + 2]); // page 2 goes on where page 1 ended
    }

    [Fact]
    public void PageCountFillsThePageBeforeStartingTheNext()
    {
        Assert.Equal(1, PdfReport.PageCount(0));
        Assert.Equal(1, PdfReport.PageCount(PdfReport.RowsOnFirstPage));
        Assert.Equal(2, PdfReport.PageCount(PdfReport.RowsOnFirstPage + 1));
        Assert.Equal(2, PdfReport.PageCount(PdfReport.RowsOnFirstPage + PdfReport.RowsPerPage));
        Assert.Equal(3, PdfReport.PageCount(PdfReport.RowsOnFirstPage + PdfReport.RowsPerPage + 1));
    }

    [Fact]
    public void FontsAreInstalledOnceAcrossThreads()
    {
        var installed = new ReportFonts[8];
        Parallel.For(0, installed.Length, i => installed[i] = ReportFonts.EnsureInstalled());
        Assert.All(installed, fonts => Assert.Same(installed[0], fonts));
        Assert.True(File.Exists(installed[0].RegularPath));
        Assert.Same(installed[0], GlobalFontSettings.FontResolver);
    }

    // The text shown on each page: the string operands of its content stream. The reports' fonts are
    // WinAnsi-encoded for Latin text, so these are the texts drawn (the period's en dash is U+0096 here).
    private static List<List<string>> PdfPages(KpiReport report)
    {
        var file = ReportRenderer.Render(report, AttachmentType.PDF);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(file.Content, 0, 5));
        using var document = PdfReader.Open(new MemoryStream(file.Content), PdfDocumentOpenMode.Import);
        return [.. Enumerable.Range(0, document.PageCount).Select(i => Strings(ContentReader.ReadContent(document.Pages[i])).ToList())];
    }

    private static IEnumerable<string> Strings(CObject content) => content switch
    {
        CString text => [text.Value],
        COperator op => op.Operands.SelectMany(Strings),
        CSequence sequence => sequence.SelectMany(Strings),
        _ => [],
    };
}
