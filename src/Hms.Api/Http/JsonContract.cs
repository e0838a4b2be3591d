using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Hms.Api.Http;

/// <summary>
/// How request bodies are read: typed fields (dates "2026-03-30", wall-clock times "09:00", instants
/// with an offset, UUIDs, enum names in any case, JSON numbers only), and a field the route does not
/// know is an error rather than data silently dropped. A value of the wrong shape fails the read with
/// its JSON path; src/Hms.Api/Problems/FieldErrors.cs answers that as <c>validation_failed</c>
/// naming the field and what it must be.
/// </summary>
public static partial class JsonContract
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // "30" is not 30: a generated client sends numbers as numbers, and the document says so.
        options.NumberHandling = JsonNumberHandling.Strict;
        // Weekdays as the seeds write them (MONDAY … SUNDAY); .NET's own names are read too, in any case.
        options.Converters.Add(new JsonStringEnumConverter<DayOfWeek>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new DateConverter());
        options.Converters.Add(new TimeConverter());
        options.Converters.Add(new InstantConverter());
    }

    /// <summary>A calendar date, exactly yyyy-MM-dd.</summary>
    private sealed class DateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Formats.Date(value));
    }

    /// <summary>A wall-clock time to the minute: "HH:mm" (a generated client's "HH:mm:00" is read too).</summary>
    private sealed class TimeConverter : JsonConverter<TimeOnly>
    {
        public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && TimeOnly.TryParseExact(reader.GetString(), ["HH:mm", "HH:mm:'00'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Formats.Time(value));
    }

    /// <summary>An instant with its offset ("2026-11-23T15:00:00Z", "…+01:00"): a bare local time is ambiguous.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is not null && InstantPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    private sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TryParseInstant(reader.GetString(), out var instant) ? instant : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}
