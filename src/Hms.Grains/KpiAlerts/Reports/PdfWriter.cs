using System.Globalization;
using System.Text;

namespace Hms.KpiAlerts;

/// <summary>
/// A small PDF 1.4 writer: A4 pages whose content streams draw text in the standard Type 1 fonts
/// Helvetica (<see cref="Regular"/>) and Helvetica-Bold (<see cref="Bold"/>), WinAnsi-encoded and not
/// embedded (every PDF reader has them), so no font files are needed. Streams are uncompressed.
/// Objects: 1 catalog, 2 page tree, 3 and 4 the fonts, 5 the info dictionary, then per page its page
/// object and its content stream.
/// </summary>
internal sealed class PdfWriter(string title, DateTimeOffset creationDate)
{
    /// <summary>The resource name of Helvetica.</summary>
    public const string Regular = "F1";

    /// <summary>The resource name of Helvetica-Bold.</summary>
    public const string Bold = "F2";

    /// <summary>A4 portrait in points (595.28 × 841.89, rounded).</summary>
    public const int PageWidth = 595;
    public const int PageHeight = 842;

    public const string Producer = "HMS Orleans";

    private const int FirstPageObject = 6;

    // Windows-1252's printable characters in 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned);
    // everything else it shares with Latin-1, i.e. U+00A0–U+00FF are the bytes 0xA0–0xFF.
    private static readonly Dictionary<int, byte> _windows1252 = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87,
        ['ˆ'] = 0x88, ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E,
        ['‘'] = 0x91, ['’'] = 0x92, ['“'] = 0x93, ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97,
        ['˜'] = 0x98, ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B, ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    // Advance widths (1/1000 em) of ' ' (0x20) to '~' (0x7E) from Adobe's metrics of the standard fonts.
    private static readonly int[] _helvetica =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0–9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A–O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P–Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a–o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, //      p–z { | } ~
    ];

    private static readonly int[] _helveticaBold =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ];

    // Used for the few characters outside printable ASCII; the renderer measures only numbers, "Value" and the footer.
    private const int OtherWidth = 556;

    private readonly List<string> _pages = [];

    public void AddPage(PdfContent content) => _pages.Add(content.ToString());

    /// <summary>The finished file: header, objects, cross-reference table, trailer.</summary>
    public byte[] ToArray()
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }
        using var output = new MemoryStream();
        var offsets = new List<long>(); // offsets[n - 1] is where object n starts

        void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));
        void Begin(int number)
        {
            if (number != offsets.Count + 1)
            {
                throw new InvalidOperationException($"Object {number} written out of order.");
            }
            offsets.Add(output.Position);
            Write($"{number} 0 obj\n");
        }
        void Object(int number, string body)
        {
            Begin(number);
            Write($"{body}\nendobj\n");
        }

        // The second line's bytes above 127 tell transfer tools the file is binary.
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        var kids = string.Join(' ', Enumerable.Range(0, _pages.Count).Select(i => $"{FirstPageObject + 2 * i} 0 R"));
        Object(2, $"<< /Type /Pages /Kids [{kids}] /Count {_pages.Count} >>");
        Object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Object(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        Object(5, $"<< /Title {TextString(title)} /Producer {TextString(Producer)} /CreationDate ({Date(creationDate)}) >>");
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = FirstPageObject + 2 * i;
            Object(page,
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] " +
                $"/Resources << /Font << /{Regular} 3 0 R /{Bold} 4 0 R >> >> /Contents {page + 1} 0 R >>");
            var content = Encoding.Latin1.GetBytes(_pages[i]);
            Begin(page + 1);
            Write($"<< /Length {content.Length} >>\nstream\n");
            output.Write(content);
            Write("\nendstream\nendobj\n");
        }

        var xref = output.Position;
        var size = offsets.Count + 1;
        var table = new StringBuilder($"xref\n0 {size}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n"); // 20 bytes each
        }
        Write(table.ToString());
        Write($"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>
    /// The text in Windows-1252 (WinAnsiEncoding), one byte per character; a character it lacks (or a
    /// control character, which the fonts have no glyph for) becomes '?'.
    /// </summary>
    public static byte[] WinAnsi(string text)
    {
        var bytes = new List<byte>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            bytes.Add(c is >= 0x20 and < 0x7F or >= 0xA0 and <= 0xFF ? (byte)c
                : _windows1252.TryGetValue(c, out var b) ? b
                : (byte)'?');
        }
        return [.. bytes];
    }

    /// <summary>A literal string for a content stream: WinAnsi, with '\', '(' and ')' escaped and bytes above 127 in octal.</summary>
    public static string Literal(string text)
    {
        var literal = new StringBuilder("(");
        foreach (var b in WinAnsi(text))
        {
            if (b is (byte)'\\' or (byte)'(' or (byte)')')
            {
                literal.Append('\\').Append((char)b);
            }
            else if (b > 0x7E)
            {
                literal.Append('\\').Append(Convert.ToString(b, 8)); // always three digits: 200–377
            }
            else
            {
                literal.Append((char)b);
            }
        }
        return literal.Append(')').ToString();
    }

    /// <summary>The width in points of the text set in the font (<see cref="Regular"/> or <see cref="Bold"/>) at the size.</summary>
    public static double Width(string text, string font, double size)
    {
        var widths = font == Bold ? _helveticaBold : _helvetica;
        var total = WinAnsi(text).Sum(b => b is >= 0x20 and <= 0x7E ? widths[b - 0x20] : OtherWidth);
        return total * size / 1000;
    }

    /// <summary>
    /// A text string for the info dictionary: a literal when it is printable ASCII (the same in
    /// PDFDocEncoding), otherwise UTF-16BE with its byte order mark, as hex, so every character is kept.
    /// </summary>
    private static string TextString(string text) =>
        text.All(c => c is >= ' ' and <= '~') ? Literal(text)
            : $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>";

    /// <summary>A PDF date, e.g. "D:20260328000005+01'00'".</summary>
    private static string Date(DateTimeOffset instant)
    {
        var offset = instant.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(CultureInfo.InvariantCulture,
            $"D:{instant:yyyyMMddHHmmss}{sign}{Math.Abs(offset.Hours):D2}'{Math.Abs(offset.Minutes):D2}'");
    }
}

/// <summary>The operators of one page's content stream, in PDF coordinates (points, origin bottom left).</summary>
internal sealed class PdfContent
{
    private readonly StringBuilder _operators = new();

    /// <summary>The text with its baseline starting at (x, y), in a gray from 0 (black) to 1 (white).</summary>
    public void Text(string font, double size, double x, double y, string text, double gray = 0) =>
        _operators.Append(CultureInfo.InvariantCulture,
            $"{N(gray)} g BT /{font} {N(size)} Tf 1 0 0 1 {N(x)} {N(y)} Tm {PdfWriter.Literal(text)} Tj ET\n");

    /// <summary>A filled rectangle with its lower left corner at (x, y).</summary>
    public void Rectangle(double x, double y, double width, double height, double gray) =>
        _operators.Append(CultureInfo.InvariantCulture, $"q {N(gray)} g {N(x)} {N(y)} {N(width)} {N(height)} re f Q\n");

    public void Line(double x1, double y1, double x2, double y2, double gray, double lineWidth) =>
        _operators.Append(CultureInfo.InvariantCulture, $"q {N(gray)} G {N(lineWidth)} w {N(x1)} {N(y1)} m {N(x2)} {N(y2)} l S Q\n");

    public override string ToString() => _operators.ToString();

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
