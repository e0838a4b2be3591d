using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Hms.KpiAlerts;

/// <summary>
/// A small PDF 1.4 writer: A4 pages whose content streams draw text in the standard Type 1 fonts
/// Helvetica (<see cref="Regular"/>) and Helvetica-Bold (<see cref="Bold"/>), WinAnsi-encoded and not
/// embedded (every PDF reader has them). Characters WinAnsi lacks (Greek, Devanagari, Chinese, …) are
/// set in the report fonts (<see cref="ReportFonts"/>), embedded as subsets: a Type0 font per report
/// font used, Identity-H glyph ids, widths, and a ToUnicode map so the text can be searched and copied.
/// Content streams are uncompressed; font programs are deflated.
/// Objects: 1 catalog, 2 page tree, 3 and 4 the standard fonts, 5 the info dictionary, then per page its
/// page object and its content stream, then five per embedded font.
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

    /// <summary>The embedded fonts the pages use, with their glyphs.</summary>
    public PdfFontUse Fonts { get; } = new();

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
        void Stream(int number, string dictionary, byte[] data)
        {
            Begin(number);
            Write($"<< {dictionary}{(dictionary.Length > 0 ? " " : "")}/Length {data.Length} >>\nstream\n");
            output.Write(data);
            Write("\nendstream\nendobj\n");
        }

        var firstFont = FirstPageObject + 2 * _pages.Count;
        var embedded = Fonts.Used.Select((font, k) => (Font: font, Object: firstFont + 5 * k)).ToList();
        var fonts = string.Concat(embedded.Select(e => $" /{e.Font.Resource} {e.Object} 0 R"));
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = FirstPageObject + 2 * i;
            Object(page,
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] " +
                $"/Resources << /Font << /{Regular} 3 0 R /{Bold} 4 0 R{fonts} >> >> /Contents {page + 1} 0 R >>");
            Stream(page + 1, "", Encoding.Latin1.GetBytes(_pages[i]));
        }
        foreach (var (use, number) in embedded)
        {
            var font = use.Font;
            var name = $"{use.Tag}+{font.Name}";
            var scale = 1000.0 / font.UnitsPerEm;
            int Scaled(int units) => (int)Math.Round(units * scale);
            Object(number, $"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H " +
                $"/DescendantFonts [{number + 1} 0 R] /ToUnicode {number + 4} 0 R >>");
            var widths = string.Join(' ', use.Glyphs.Keys.Order().Select(g => $"{g} [{font.Width(g)}]"));
            Object(number + 1, $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} " +
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
                $"/FontDescriptor {number + 2} 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>");
            var box = font.BoundingBox;
            Object(number + 2, $"<< /Type /FontDescriptor /FontName /{name} /Flags 4 " +
                $"/FontBBox [{Scaled(box[0])} {Scaled(box[1])} {Scaled(box[2])} {Scaled(box[3])}] /ItalicAngle 0 " +
                $"/Ascent {Scaled(font.Ascent)} /Descent {Scaled(font.Descent)} /CapHeight {Scaled(font.Ascent)} /StemV 80 " +
                $"/FontFile2 {number + 3} 0 R >>");
            var program = font.Subset(use.Glyphs.Keys);
            Stream(number + 3, $"/Filter /FlateDecode /Length1 {program.Length}", Deflate(program));
            Stream(number + 4, "", Encoding.ASCII.GetBytes(ToUnicode(use.Glyphs)));
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

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    /// <summary>A ToUnicode CMap: each glyph id to the text it shows (UTF-16BE), in blocks of at most 100.</summary>
    private static string ToUnicode(IReadOnlyDictionary<int, string> glyphs)
    {
        var map = new StringBuilder("""
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """);
        foreach (var block in glyphs.OrderBy(g => g.Key).Chunk(100))
        {
            map.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
            foreach (var (glyph, text) in block)
            {
                map.Append(CultureInfo.InvariantCulture, $"<{glyph:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>\n");
            }
            map.Append("endbfchar\n");
        }
        return map.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").ToString();
    }

    /// <summary>Whether WinAnsiEncoding (and so the standard fonts) can show the character.</summary>
    public static bool IsWinAnsi(int codePoint) => codePoint is >= 0x20 and < 0x7F or >= 0xA0 and <= 0xFF || _windows1252.ContainsKey(codePoint);

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

    /// <summary>
    /// The width in points of the text set in the font (<see cref="Regular"/> or <see cref="Bold"/>) at the
    /// size; characters WinAnsi lacks are measured in the report font that shows them.
    /// </summary>
    public static double Width(string text, string font, double size)
    {
        var widths = font == Bold ? _helveticaBold : _helvetica;
        var total = ReportFonts.Runs(text).Sum(run => run.Font is { } embedded
            ? run.Text.EnumerateRunes().Sum(r => embedded.Width(embedded.Glyph(r.Value)!.Value))
            : WinAnsi(run.Text).Sum(b => b is >= 0x20 and <= 0x7E ? widths[b - 0x20] : OtherWidth));
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
internal sealed class PdfContent(PdfFontUse fonts)
{
    private readonly StringBuilder _operators = new();

    /// <summary>
    /// The text with its baseline starting at (x, y), in a gray from 0 (black) to 1 (white). Runs of
    /// characters WinAnsi lacks are set in the report font that has them, each run following the last.
    /// </summary>
    public void Text(string font, double size, double x, double y, string text, double gray = 0)
    {
        _operators.Append(CultureInfo.InvariantCulture, $"{N(gray)} g BT 1 0 0 1 {N(x)} {N(y)} Tm");
        foreach (var run in ReportFonts.Runs(text))
        {
            if (run.Font is { } embedded)
            {
                var use = fonts.Use(embedded);
                var glyphs = new StringBuilder();
                foreach (var rune in run.Text.EnumerateRunes())
                {
                    glyphs.Append(CultureInfo.InvariantCulture, $"{use.Add(rune):X4}");
                }
                _operators.Append(CultureInfo.InvariantCulture, $" /{use.Resource} {N(size)} Tf <{glyphs}> Tj");
            }
            else
            {
                _operators.Append(CultureInfo.InvariantCulture, $" /{font} {N(size)} Tf {PdfWriter.Literal(run.Text)} Tj");
            }
        }
        _operators.Append(" ET\n");
    }

    /// <summary>A filled rectangle with its lower left corner at (x, y).</summary>
    public void Rectangle(double x, double y, double width, double height, double gray) =>
        _operators.Append(CultureInfo.InvariantCulture, $"q {N(gray)} g {N(x)} {N(y)} {N(width)} {N(height)} re f Q\n");

    public void Line(double x1, double y1, double x2, double y2, double gray, double lineWidth) =>
        _operators.Append(CultureInfo.InvariantCulture, $"q {N(gray)} G {N(lineWidth)} w {N(x1)} {N(y1)} m {N(x2)} {N(y2)} l S Q\n");

    public override string ToString() => _operators.ToString();

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The report fonts a document uses: per font its resource name, subset tag and the glyphs it shows (with their text).</summary>
internal sealed class PdfFontUse
{
    private readonly Dictionary<TrueTypeFont, Embedded> _used = [];

    public IEnumerable<Embedded> Used => _used.Values;

    public Embedded Use(TrueTypeFont font)
    {
        if (!_used.TryGetValue(font, out var use))
        {
            var index = _used.Count;
            // A subset's name starts with six capital letters (PDF 32000 §9.6.4), different per font here.
            var tag = new string([.. "HMSRPT".Select((c, i) => (char)('A' + (c - 'A' + index * (i + 1)) % 26))]);
            use = new Embedded(font, $"U{index}", tag);
            _used[font] = use;
        }
        return use;
    }

    public sealed class Embedded(TrueTypeFont font, string resource, string tag)
    {
        private readonly Dictionary<int, string> _glyphs = [];

        public TrueTypeFont Font { get; } = font;

        public string Resource { get; } = resource;

        public string Tag { get; } = tag;

        /// <summary>Glyph id → the text it shows.</summary>
        public IReadOnlyDictionary<int, string> Glyphs => _glyphs;

        /// <summary>Records the character's glyph as used; its id.</summary>
        public int Add(Rune rune)
        {
            var glyph = Font.Glyph(rune.Value) ?? 0;
            _glyphs.TryAdd(glyph, rune.ToString());
            return glyph;
        }
    }
}

/// <summary>
/// The fonts for what Helvetica cannot show, in the order a character looks for its glyph (Reports/Fonts):
/// DejaVu Sans (Latin, Greek, Cyrillic), Lohit Devanagari, Droid Sans Fallback (Chinese, Japanese, Korean).
/// Loaded once per process. Devanagari is set glyph by glyph, without shaping: conjuncts show with their
/// virama and the short-i sign after its consonant, but every character is there and extracts as text.
/// </summary>
internal static class ReportFonts
{
    private static readonly Lazy<TrueTypeFont[]> Fonts = new(() =>
        [TrueTypeFont.Embedded("DejaVuSans.ttf"), TrueTypeFont.Embedded("Lohit-Devanagari.ttf"), TrueTypeFont.Embedded("DroidSansFallback.ttf")]);

    /// <summary>
    /// The text in runs: characters WinAnsi has in the standard font (Font null); each other character in
    /// the first report font that has it; one no font has stays in the standard font (and prints as '?').
    /// </summary>
    public static List<(TrueTypeFont? Font, string Text)> Runs(string text)
    {
        var runs = new List<(TrueTypeFont? Font, string Text)>();
        var current = new StringBuilder();
        TrueTypeFont? font = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var next = PdfWriter.IsWinAnsi(rune.Value) ? null : Fonts.Value.FirstOrDefault(f => f.Glyph(rune.Value) is not null);
            if (next != font && current.Length > 0)
            {
                runs.Add((font, current.ToString()));
                current.Clear();
            }
            font = next;
            current.Append(rune.ToString());
        }
        if (current.Length > 0)
        {
            runs.Add((font, current.ToString()));
        }
        return runs;
    }
}
