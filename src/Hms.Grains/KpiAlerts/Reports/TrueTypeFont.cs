using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text;

namespace Hms.KpiAlerts;

/// <summary>
/// A TrueType font (outlines in <c>glyf</c>) read from its file: the glyph that shows a character, its
/// advance width, the metrics a PDF font descriptor needs, and a subset of the file that keeps only the
/// glyphs a document uses — glyph ids unchanged, so a PDF can address them directly (Identity-H) — to
/// embed. The fonts that ship with the reports are in Reports/Fonts (see the README there).
/// </summary>
internal sealed class TrueTypeFont
{
    private readonly byte[] _file;
    private readonly Dictionary<string, (int Offset, int Length)> _tables;
    private readonly FrozenDictionary<int, int> _glyphs;
    private readonly int _hMetrics;
    private readonly bool _longLoca;

    private TrueTypeFont(string name, byte[] file)
    {
        Name = name;
        _file = file;
        var count = U16(4);
        _tables = Enumerable.Range(0, count).Select(i => 12 + 16 * i)
            .ToDictionary(at => Encoding.ASCII.GetString(file, at, 4), at => ((int)U32(at + 8), (int)U32(at + 12)));
        var head = Table("head").Offset;
        UnitsPerEm = U16(head + 18);
        BoundingBox = [S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42)];
        _longLoca = S16(head + 50) == 1;
        GlyphCount = U16(Table("maxp").Offset + 4);
        var hhea = Table("hhea").Offset;
        Ascent = S16(hhea + 4);
        Descent = S16(hhea + 6);
        _hMetrics = U16(hhea + 34);
        _glyphs = ReadCmap().ToFrozenDictionary();
    }

    public string Name { get; }

    public int UnitsPerEm { get; }

    public int Ascent { get; }

    public int Descent { get; }

    public int GlyphCount { get; }

    /// <summary>xMin, yMin, xMax, yMax in font units.</summary>
    public int[] BoundingBox { get; }

    /// <summary>A font shipped in the assembly (Reports/Fonts/<paramref name="file"/>).</summary>
    public static TrueTypeFont Embedded(string file)
    {
        var assembly = typeof(TrueTypeFont).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new TrueTypeFont(Path.GetFileNameWithoutExtension(file).Replace("-", "", StringComparison.Ordinal), copy.ToArray());
    }

    /// <summary>The glyph that shows <paramref name="codePoint"/>, or null when the font has none.</summary>
    public int? Glyph(int codePoint) => _glyphs.TryGetValue(codePoint, out var glyph) && glyph != 0 ? glyph : null;

    /// <summary>The glyph's advance width in 1/1000 em (PDF text space).</summary>
    public int Width(int glyph)
    {
        var hmtx = Table("hmtx").Offset;
        var advance = U16(hmtx + 4 * Math.Min(glyph, _hMetrics - 1));
        return (int)Math.Round(advance * 1000.0 / UnitsPerEm);
    }

    /// <summary>
    /// The font file with only <paramref name="used"/> glyphs (and .notdef and the parts of composite
    /// glyphs) keeping their outlines; every other glyph is empty. The tables a PDF reader needs for a
    /// CIDFontType2 program are kept: head, hhea, maxp, hmtx, loca, glyf and the hinting ones.
    /// </summary>
    public byte[] Subset(IEnumerable<int> used)
    {
        var keep = new HashSet<int> { 0 };
        var pending = new Stack<int>(used);
        while (pending.TryPop(out var glyph))
        {
            if (glyph < GlyphCount && keep.Add(glyph))
            {
                foreach (var part in Components(glyph))
                {
                    pending.Push(part);
                }
            }
        }

        using var glyf = new MemoryStream();
        var loca = new byte[4 * (GlyphCount + 1)];
        for (var glyph = 0; glyph < GlyphCount; glyph++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * glyph), (uint)glyf.Position);
            if (keep.Contains(glyph))
            {
                var (start, length) = Outline(glyph);
                glyf.Write(_file, start, length);
                glyf.Write(new byte[(4 - length % 4) % 4]);
            }
        }
        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * GlyphCount), (uint)glyf.Position);

        var head = Bytes("head");
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment: not checked by PDF readers
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets
        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = glyf.ToArray(), ["head"] = head, ["hhea"] = Bytes("hhea"), ["hmtx"] = Bytes("hmtx"), ["loca"] = loca, ["maxp"] = Bytes("maxp"),
        };
        foreach (var hinting in new[] { "cvt ", "fpgm", "prep" }.Where(_tables.ContainsKey))
        {
            tables[hinting] = Bytes(hinting);
        }
        return Assemble(tables);
    }

    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var power = 1;
        var log = 0;
        while (power * 2 <= tables.Count)
        {
            power *= 2;
            log++;
        }
        using var output = new MemoryStream();
        var header = new byte[12 + 16 * tables.Count];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)tables.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(tables.Count * 16 - power * 16));
        output.Write(header);
        var entry = 12;
        foreach (var (tag, data) in tables)
        {
            Encoding.ASCII.GetBytes(tag, header.AsSpan(entry));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(entry + 4), Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(entry + 8), (uint)output.Position);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(entry + 12), (uint)data.Length);
            output.Write(data);
            output.Write(new byte[(4 - data.Length % 4) % 4]);
            entry += 16;
        }
        output.Position = 0;
        output.Write(header);
        return output.ToArray();
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < data.Length; i += 4)
        {
            word.Clear();
            data.AsSpan(i, Math.Min(4, data.Length - i)).CopyTo(word);
            sum += BinaryPrimitives.ReadUInt32BigEndian(word);
        }
        return sum;
    }

    /// <summary>Where a glyph's outline is in the file (length 0: an empty glyph such as a space).</summary>
    private (int Start, int Length) Outline(int glyph)
    {
        var loca = Table("loca").Offset;
        var (from, to) = _longLoca
            ? ((int)U32(loca + 4 * glyph), (int)U32(loca + 4 * glyph + 4))
            : (2 * U16(loca + 2 * glyph), 2 * U16(loca + 2 * glyph + 2));
        return (Table("glyf").Offset + from, Math.Max(0, to - from));
    }

    /// <summary>The glyphs a composite glyph is made of (none for a simple one).</summary>
    private IEnumerable<int> Components(int glyph)
    {
        var (start, length) = Outline(glyph);
        if (length == 0 || S16(start) >= 0)
        {
            yield break;
        }
        var at = start + 10;
        while (true)
        {
            var flags = U16(at);
            yield return U16(at + 2);
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2); // arguments as words or bytes
            at += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0; // scale, x/y scale, 2×2
            if ((flags & 0x0020) == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Code point → glyph from the Unicode cmap subtable: format 12 (full Unicode) when there is one, else format 4.</summary>
    private Dictionary<int, int> ReadCmap()
    {
        var cmap = Table("cmap").Offset;
        var subtables = Enumerable.Range(0, U16(cmap + 2))
            .Select(i => (Platform: U16(cmap + 4 + 8 * i), Encoding: U16(cmap + 6 + 8 * i), Offset: cmap + (int)U32(cmap + 8 + 8 * i)))
            .ToList();
        var best = subtables.FirstOrDefault(s => U16(s.Offset) == 12 && (s.Platform == 0 || s.Platform == 3 && s.Encoding == 10));
        if (best == default)
        {
            best = subtables.First(s => U16(s.Offset) == 4 && (s.Platform == 0 || s.Platform == 3 && s.Encoding is 1 or 10));
        }
        var map = new Dictionary<int, int>();
        var at = best.Offset;
        if (U16(at) == 12)
        {
            var groups = (int)U32(at + 12);
            for (var g = 0; g < groups; g++)
            {
                var (first, last, glyph) = ((int)U32(at + 16 + 12 * g), (int)U32(at + 20 + 12 * g), (int)U32(at + 24 + 12 * g));
                for (var c = first; c <= last; c++)
                {
                    map[c] = glyph + c - first;
                }
            }
            return map;
        }
        var segments = U16(at + 6) / 2;
        var ends = at + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var ranges = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            var (first, last, delta, range) = (U16(starts + 2 * s), U16(ends + 2 * s), S16(deltas + 2 * s), U16(ranges + 2 * s));
            for (var c = first; c <= last && c != 0xFFFF; c++)
            {
                var glyph = range == 0 ? (c + delta) & 0xFFFF : U16(ranges + 2 * s + range + 2 * (c - first));
                if (range != 0 && glyph != 0)
                {
                    glyph = (glyph + delta) & 0xFFFF;
                }
                map[c] = glyph;
            }
        }
        return map;
    }

    private (int Offset, int Length) Table(string tag) =>
        _tables.TryGetValue(tag, out var table) ? table : throw new InvalidDataException($"The font {Name} has no '{tag}' table.");

    private byte[] Bytes(string tag)
    {
        var (offset, length) = Table(tag);
        return _file.AsSpan(offset, length).ToArray();
    }

    private int U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(_file.AsSpan(at));

    private int S16(int at) => BinaryPrimitives.ReadInt16BigEndian(_file.AsSpan(at));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(_file.AsSpan(at));
}
