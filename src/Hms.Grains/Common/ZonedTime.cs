namespace Hms.Common;

/// <summary>
/// Wall-clock times of a hospital (IANA zone) to UTC instants and back, correct across DST changes.
/// </summary>
public static class ZonedTime
{
    /// <summary>Finds an IANA zone; null when the id is unknown or not an IANA id.</summary>
    public static TimeZoneInfo? FindIana(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return null;
        }
        // On Linux a Windows id also resolves; hospitals are configured with IANA ids only.
        return zone.HasIanaId && string.Equals(zone.Id, id, StringComparison.Ordinal) ? zone : null;
    }

    public static TimeZoneInfo Zone(string ianaId) =>
        FindIana(ianaId) ?? throw new ArgumentException($"Unknown IANA time zone '{ianaId}'.", nameof(ianaId));

    /// <summary>
    /// The instant a local date and time names in <paramref name="zone"/>. A time skipped by a
    /// spring-forward change maps to the first valid instant after the gap; a time that occurs twice
    /// maps to its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The gap: the wall clock jumps past this time. Walk forward to the first local time that
            // exists again (the transition instant itself); gaps last at most a few hours.
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }
            return new DateTimeOffset(probe, zone.GetUtcOffset(probe)).ToUniversalTime();
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var earliest = offsets.Max(); // the larger offset is the earlier instant (before falling back)
            return new DateTimeOffset(local, earliest).ToUniversalTime();
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The local date and time of an instant in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone);

    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(now, zone));

    /// <summary>An instant for people to read: local date and time in <paramref name="zone"/> with its offset, e.g. "2026-03-27 14:02 +01:00".</summary>
    public static string Describe(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
}
