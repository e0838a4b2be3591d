using PdfSharp.Fonts;

namespace Hms.KpiAlerts.Reports;

/// <summary>
/// PDFsharp's font resolver for reports (PDFsharp on Linux finds no system fonts): one TrueType sans
/// font, regular and bold, for every family asked for. Looks in HMS_REPORT_FONT / HMS_REPORT_FONT_BOLD,
/// then DejaVu Sans, Liberation Sans, then any *Sans*.ttf under /usr/share/fonts.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "HMS Report Sans";
    public const string RegularVariable = "HMS_REPORT_FONT";
    public const string BoldVariable = "HMS_REPORT_FONT_BOLD";

    private const string RegularFace = "hms-report-regular";
    private const string BoldFace = "hms-report-bold";
    private const string FontRoot = "/usr/share/fonts";

    private static readonly (string Regular, string Bold)[] _wellKnown =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ];

    private static readonly Lock _gate = new();
    private static ReportFonts? _installed;

    private readonly byte[] _regular;
    private readonly byte[]? _bold;

    private ReportFonts(string regularPath, string? boldPath)
    {
        RegularPath = regularPath;
        BoldPath = boldPath;
        _regular = File.ReadAllBytes(regularPath);
        _bold = boldPath is null ? null : File.ReadAllBytes(boldPath);
    }

    public string RegularPath { get; }

    /// <summary>Null when no bold file was found: bold is then simulated from the regular font.</summary>
    public string? BoldPath { get; }

    /// <summary>
    /// Sets this resolver as PDFsharp's font resolver once per process (thread-safe; later calls return
    /// the same one). If another resolver is already set, ours becomes the fallback resolver. A failed
    /// search is not remembered, so installing a font later works without a restart.
    /// </summary>
    public static ReportFonts EnsureInstalled()
    {
        lock (_gate)
        {
            if (_installed is not null)
            {
                return _installed;
            }
            var (regular, bold) = Locate();
            var fonts = new ReportFonts(regular, bold);
            if (GlobalFontSettings.FontResolver is null or ReportFonts)
            {
                GlobalFontSettings.FontResolver = fonts;
            }
            else if (GlobalFontSettings.FallbackFontResolver is null or ReportFonts)
            {
                GlobalFontSettings.FallbackFontResolver = fonts;
            }
            _installed = fonts;
            return fonts;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        bold && _bold is not null ? new FontResolverInfo(BoldFace, false, italic)
            : new FontResolverInfo(RegularFace, bold, italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => _regular,
        BoldFace => _bold,
        _ => null,
    };

    private static (string Regular, string? Bold) Locate()
    {
        var configured = Environment.GetEnvironmentVariable(RegularVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(configured))
            {
                throw new InvalidOperationException($"{RegularVariable} names '{configured}', which does not exist.");
            }
            var configuredBold = Environment.GetEnvironmentVariable(BoldVariable);
            return (configured, File.Exists(configuredBold) ? configuredBold : null);
        }
        foreach (var (regular, bold) in _wellKnown)
        {
            if (File.Exists(regular))
            {
                return (regular, File.Exists(bold) ? bold : null);
            }
        }
        var found = FindSans();
        if (found is not null)
        {
            return (found, BoldSibling(found));
        }
        throw new InvalidOperationException(
            $"No TrueType sans font for PDF reports: set {RegularVariable} (and optionally {BoldVariable}) to a .ttf file, " +
            $"or install one under {FontRoot} (Debian/Ubuntu: apt-get install fonts-dejavu-core).");
    }

    /// <summary>The first (by path) upright *Sans*.ttf under /usr/share/fonts, or null.</summary>
    private static string? FindSans()
    {
        if (!Directory.Exists(FontRoot))
        {
            return null;
        }
        string[] slanted = ["Bold", "Italic", "Oblique"];
        return Directory.EnumerateFiles(FontRoot, "*.ttf", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true })
            .Where(path => Path.GetFileName(path) is var name && name.Contains("Sans", StringComparison.Ordinal)
                && !slanted.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>"X-Regular.ttf" → "X-Bold.ttf", "X.ttf" → "X-Bold.ttf", if that file exists.</summary>
    private static string? BoldSibling(string regular)
    {
        var directory = Path.GetDirectoryName(regular) ?? "";
        var stem = Path.GetFileNameWithoutExtension(regular);
        var bold = stem.EndsWith("-Regular", StringComparison.Ordinal) ? stem[..^"Regular".Length] + "Bold" : stem + "-Bold";
        var path = Path.Combine(directory, bold + Path.GetExtension(regular));
        return File.Exists(path) ? path : null;
    }
}
