namespace Hms.Api.Http;

/// <summary>A list of weekday names (MONDAY … SUNDAY, or their first three letters); the OpenAPI document lists them.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WeekdaysAttribute : Attribute
{
    public static readonly string[] Names =
    [
        .. Enum.GetNames<DayOfWeek>().Select(d => d.ToUpperInvariant()),
        .. Enum.GetNames<DayOfWeek>().Select(d => d[..3].ToUpperInvariant()),
    ];
}
