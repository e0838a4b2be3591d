using System.Globalization;

namespace Hms.Api.Http;

/// <summary>How dates and wall-clock times appear in JSON: "2026-01-25" and "09:00", as the replaced system's clients send them.</summary>
public static class Formats
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string? Time(TimeOnly? time) => time is { } t ? Time(t) : null;
}
