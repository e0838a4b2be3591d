using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>
/// An .xlsx with one worksheet "Report": rows 1–5 label/value (report, metric, period from, period to,
/// time zone), row 6 empty, row 7 the header "Timestamp"/"Value", then one row per value with the
/// local timestamp as text and the value as a number. Text is written as inline strings.
/// </summary>
public static class ExcelReport
{
    public const string SheetName = "Report";

    /// <summary>The row of the first value (1-based); the header is the row above it.</summary>
    public const int FirstValueRow = 8;

    public static byte[] Render(KpiReport report)
    {
        var zone = ZonedTime.Zone(report.TimeZone);
        var rows = new SheetData(
            TextRow(1, "Report", report.Title),
            TextRow(2, "Metric", report.Metric),
            TextRow(3, "Period from", ReportText.Time(report.From, zone)),
            TextRow(4, "Period to", ReportText.Time(report.To, zone)),
            TextRow(5, "Time zone", report.TimeZone),
            TextRow(FirstValueRow - 1, "Timestamp", "Value"));
        var rowIndex = (uint)FirstValueRow;
        foreach (var point in report.Values)
        {
            rows.Append(new Row(TextCell("A", rowIndex, ReportText.Time(point.At, zone)), NumberCell("B", rowIndex, point.Value)) { RowIndex = rowIndex });
            rowIndex++;
        }

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 1, Width = 28, CustomWidth = true }, new Column { Min = 2, Max = 2, Width = 16, CustomWidth = true }),
                rows);
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = SheetName }));
        }
        return stream.ToArray();
    }

    private static Row TextRow(uint index, string a, string b) => new(TextCell("A", index, a), TextCell("B", index, b)) { RowIndex = index };

    private static Cell TextCell(string column, uint row, string text) => new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
    {
        CellReference = column + row,
        DataType = CellValues.InlineString,
    };

    // No DataType: a plain number cell.
    private static Cell NumberCell(string column, uint row, decimal value) => new(new CellValue(ReportText.Number(value))) { CellReference = column + row };
}
