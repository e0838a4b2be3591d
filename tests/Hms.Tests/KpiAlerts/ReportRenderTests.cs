using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hms.KpiAlerts;
using MiniExcelLibs;
using PdfSharp;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Hms.Tests.KpiAlerts;

/// <summary>Scheduled KPI reports rendered as CSV, Excel and PDF, each read back.</summary>
public sealed class ReportRenderTests
{
    // Only for the test-only reader: the product writes its PDFs itself (PdfWriter) and does not use
    // PDFsharp, whose 6.x versions are AGPL-3.0 and want that license chosen before use. The tests read
    // the files back with PDFsharp as a parser independent of our writer; nothing is conveyed.
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

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "report,\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+1 beds", "report,'+1 beds")]
    [InlineData("-2+3", "report,'-2+3")]
    [InlineData("@SUM(A1)", "report,'@SUM(A1)")]
    [InlineData("Beds = 3", "report,Beds = 3")]
    public void CsvTextThatASpreadsheetWouldRunIsShownNotEvaluated(string title, string firstLine)
    {
        var text = CsvReport.Text(Report(title, new KpiPoint(Utc(27, 7), -12.5m)));
        Assert.StartsWith(firstLine + "\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith(",-12.5\r\n", text); // the report's own numbers stay numbers, negative ones too
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
        Assert.Equal(8, count); // 38 on page 1, then 43 per page
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
        Assert.Equal((38, 43), (PdfReport.RowsOnFirstPage, PdfReport.RowsPerPage));
        Assert.Equal(1, PdfReport.PageCount(0));
        Assert.Equal(1, PdfReport.PageCount(PdfReport.RowsOnFirstPage));
        Assert.Equal(2, PdfReport.PageCount(PdfReport.RowsOnFirstPage + 1));
        Assert.Equal(2, PdfReport.PageCount(PdfReport.RowsOnFirstPage + PdfReport.RowsPerPage));
        Assert.Equal(3, PdfReport.PageCount(PdfReport.RowsOnFirstPage + PdfReport.RowsPerPage + 1));
    }

    [Fact]
    public void PdfIsVersion14WithTheStandardFontsUnembeddedAndTheReportsInfo()
    {
        var bytes = ReportRenderer.Render(_daily, AttachmentType.PDF).Content;
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF-1.4\n%", raw, StringComparison.Ordinal);
        Assert.All(bytes[10..14], b => Assert.True(b > 127)); // the binary comment line
        Assert.Contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding", raw, StringComparison.Ordinal);
        Assert.Contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/FontFile", raw, StringComparison.Ordinal);
        Assert.Contains("/MediaBox [0 0 595 842]", raw, StringComparison.Ordinal);
        Assert.Contains("/Title (ER visits, daily) /Producer (HMS Orleans) /CreationDate (D:20260328000005+01'00')", raw, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void PdfCrossReferenceTablePointsAtEveryObjectAndStreamLengthsAreExact()
    {
        var values = Enumerable.Range(0, 100).Select(h => new KpiPoint(Utc(13, 23).AddHours(h), h)).ToArray();
        var raw = Encoding.Latin1.GetString(ReportRenderer.Render(Report(values: values), AttachmentType.PDF).Content);

        var startxref = raw.LastIndexOf("startxref\n", StringComparison.Ordinal);
        var xref = int.Parse(raw[(startxref + "startxref\n".Length)..].Split('\n')[0], CultureInfo.InvariantCulture);
        var header = Regex.Match(raw[xref..], @"\Axref\n0 (\d+)\n");
        Assert.True(header.Success, "startxref does not point at the xref table");
        var size = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(5 + 2 * PdfReport.PageCount(values.Length) + 1, size); // 5 fixed objects, 2 per page, entry 0

        var entries = xref + header.Length;
        Assert.Equal("0000000000 65535 f\r\n", raw.Substring(entries, 20));
        for (var n = 1; n < size; n++)
        {
            var entry = raw.Substring(entries + 20 * n, 20);
            Assert.Matches(@"\A\d{10} 00000 n\r\n\z", entry);
            var offset = int.Parse(entry[..10], CultureInfo.InvariantCulture);
            var expected = $"{n} 0 obj\n";
            Assert.Equal(expected, raw.Substring(offset, expected.Length));
        }
        Assert.StartsWith($"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>", raw[(entries + 20 * size)..], StringComparison.Ordinal);

        var streams = Regex.Matches(raw, @"<< /Length (\d+) >>\nstream\n");
        Assert.Equal(PdfReport.PageCount(values.Length), streams.Count);
        foreach (Match stream in streams)
        {
            var end = stream.Index + stream.Length + int.Parse(stream.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.StartsWith("\nendstream\nendobj\n", raw[end..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PdfEscapesParenthesesAndBackslashesAndShowsWhatNoFontHasAsAQuestionMark()
    {
        const string title = "Beds (ICU) \\ west – \U0010FFFD"; // a private-use character no font has
        var report = Report(title);
        var raw = Encoding.Latin1.GetString(ReportRenderer.Render(report, AttachmentType.PDF).Content);
        Assert.Contains(@"(Beds \(ICU\) \\ west \226 ?) Tj", raw, StringComparison.Ordinal);
        Assert.Equal("Beds (ICU) \\ west \u0096 ?", PdfPages(report)[0][0]); // WinAnsi 0x96 is the en dash
        Assert.DoesNotContain("/FontFile2", raw, StringComparison.Ordinal); // nothing to embed for it

        // The info dictionary's title is UTF-16, so it keeps every character.
        using var document = PdfReader.Open(new MemoryStream(ReportRenderer.Render(report, AttachmentType.PDF).Content), PdfDocumentOpenMode.Import);
        Assert.Equal(title, document.Info.Title);
    }

    [Theory]
    [InlineData("Ωμέγα πτέρυγα", "Greek")]
    [InlineData("अस्पताल प्रतीक्षा", "Devanagari")]
    [InlineData("医院 候诊时间", "Chinese")]
    [InlineData("病院の待ち時間", "Japanese")]
    public void PdfShowsTextBeyondWinAnsiInAnEmbeddedFontSubset(string words, string script)
    {
        var report = Report($"ER {words} (daily)", new KpiPoint(Utc(27, 7), 12.5m));
        var bytes = ReportRenderer.Render(report, AttachmentType.PDF).Content;

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = pdf.GetPage(1).Text;
        Assert.True(text.Contains(words.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal)
            || text.Contains(words, StringComparison.Ordinal), $"{script}: '{words}' not in the page's text: {text}");
        Assert.Contains("ER", text, StringComparison.Ordinal);
        Assert.Contains("(daily)", text, StringComparison.Ordinal);
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.Contains("/Subtype /Type0", raw, StringComparison.Ordinal);
        Assert.Contains("/CIDToGIDMap /Identity", raw, StringComparison.Ordinal);
        Assert.Contains("/ToUnicode", raw, StringComparison.Ordinal);
        // A subset: the Chinese font alone is 3.4 MB, the report stays small.
        Assert.InRange(bytes.Length, 1_000, 120_000);
        using var reread = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.Equal(1, reread.PageCount);
    }

    [Fact]
    public void WinAnsiIsWindows1252WithAQuestionMarkPerCharacterItLacks() => Assert.Equal(
        [(byte)'A', 0xE9, 0xFC, 0xDF, 0x96, 0x97, 0x80, 0x91, 0x92, 0x93, 0x94, 0x85, (byte)'?', (byte)'?', (byte)'?', (byte)'?'],
        PdfWriter.WinAnsi("Aéüß–—€‘’“”…Ω😀\t\u0085"));

    [Fact]
    public void WidthsAreHelveticasForRightAligningValues()
    {
        Assert.Equal(3 * 5.56 + 2.78, PdfWriter.Width("12.5", PdfWriter.Regular, 10), 6);
        Assert.Equal(3.33 + 5.56, PdfWriter.Width("-7", PdfWriter.Regular, 10), 6);
        Assert.Equal(6.67 + 5.56 + 2.78 + 6.11 + 5.56, PdfWriter.Width("Value", PdfWriter.Bold, 10), 6);
    }

    // The text shown on each page: the string operands of its content stream, read by PDFsharp. The
    // fonts are WinAnsi-encoded, so each byte is one character (the period's en dash is U+0096 here).
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
