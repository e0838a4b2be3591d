using System.Globalization;
using Hms.Api.Problems;

namespace Hms.Api.Http;

/// <summary>
/// Collects every field error of a request, then throws them together as one 400 problem.
/// Values come back parsed (or default when invalid); call <see cref="ThrowIfInvalid"/> before use.
/// </summary>
public sealed class RequestCheck
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public string Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }
            return "";
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }
        return trimmed;
    }

    public string? OptionalText(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(field, value, maxLength);

    public Guid Id(string field, Guid? value)
    {
        if (value is null || value == Guid.Empty)
        {
            Add(field, $"{field} is required.");
            return Guid.Empty;
        }
        return value.Value;
    }

    public int Number(string field, int? value, int min, int max, int? fallback = null)
    {
        if (value is null)
        {
            if (fallback is null)
            {
                Add(field, $"{field} is required.");
                return min;
            }
            return fallback.Value;
        }
        if (value < min || value > max)
        {
            Add(field, $"{field} must be between {min} and {max}.");
        }
        return value.Value;
    }

    /// <summary>An amount of money: at most two decimals, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public decimal Money(string field, decimal? value, decimal min, decimal max, decimal? fallback = null)
    {
        if (value is null)
        {
            if (fallback is null)
            {
                Add(field, $"{field} is required.");
                return min;
            }
            return fallback.Value;
        }
        if (value < min || value > max)
        {
            Add(field, $"{field} must be between {min} and {max}.");
        }
        else if (decimal.Round(value.Value, 2) != value.Value)
        {
            Add(field, $"{field} has at most two decimals.");
        }
        return value.Value;
    }

    /// <summary>An e-mail address (a plain one: something@somewhere), or null when blank.</summary>
    public string? OptionalEmail(string field, string? value)
    {
        var email = OptionalText(field, value, 254);
        if (email is not null && (email.IndexOf('@', StringComparison.Ordinal) is < 1 || email.EndsWith('@') || email.Any(char.IsWhiteSpace)))
        {
            Add(field, $"{field} must be an e-mail address.");
        }
        return email;
    }

    /// <summary>An ISO 4217 currency code: three letters.</summary>
    public string Currency(string field, string? value)
    {
        var code = Text(field, value, 3).ToUpperInvariant();
        if (code.Length > 0 && (code.Length != 3 || !code.All(char.IsAsciiLetter)))
        {
            Add(field, $"{field} must be a three-letter currency code (ISO 4217), e.g. EUR.");
        }
        return code;
    }

    /// <summary>A required field the JSON reader has already typed (a date, a time, an enum, …): present or not.</summary>
    public T Required<T>(string field, T? value, string? hint = null) where T : struct
    {
        if (value is null)
        {
            Add(field, hint is null ? $"{field} is required." : $"{field} is required ({hint}).");
            return default;
        }
        return value.Value;
    }

    public DateOnly Date(string field, DateOnly? value) => Required(field, value, "yyyy-MM-dd");

    public TimeOnly Time(string field, TimeOnly? value) => Required(field, value, "HH:mm");

    public DateTimeOffset Instant(string field, DateTimeOffset? value) => Required(field, value, "an ISO 8601 instant, e.g. 2026-11-23T15:00:00Z");

    public TEnum Enum<TEnum>(string field, TEnum? value) where TEnum : struct, Enum =>
        Required(field, value, string.Join(", ", System.Enum.GetNames<TEnum>()));

    public DateOnly Date(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required (yyyy-MM-dd).");
            return default;
        }
        return OptionalDate(field, value) ?? default;
    }

    public DateOnly? OptionalDate(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(field, $"{field} must be a date (yyyy-MM-dd).");
        }
        return date;
    }

    /// <summary>An instant in ISO 8601 with its offset ("2026-11-23T15:00:00Z", "…+01:00"): a bare local time is ambiguous.</summary>
    public DateTimeOffset? OptionalInstant(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!JsonContract.TryParseInstant(value.Trim(), out var instant))
        {
            Add(field, $"{field} must be an ISO 8601 instant with an offset, e.g. 2026-11-23T15:00:00Z.");
            return null;
        }
        return instant;
    }

    public TEnum? OptionalEnum<TEnum>(string field, string? value) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (int.TryParse(value, out _) || !System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed))
        {
            Add(field, $"{field} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
            return null;
        }
        return parsed;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
