using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hms.Appointments;

/// <summary>What a reminder link says, once its signature holds.</summary>
public sealed record PatientLink(Guid AppointmentId, ReminderAction Action, DateTimeOffset ExpiresAt);

/// <summary>
/// Reminder links a patient follows without signing in: <c>{appointment:N}.{confirm|cancel}.{expiry, unix
/// seconds}.{signature}</c>, the signature an HMAC-SHA256 (first 128 bits, base64url) over the other three
/// parts. A link names one appointment and one action and ends at its expiry; change any part and the
/// signature no longer holds.
/// </summary>
public static class PatientLinks
{
    private const int SignatureBytes = 16;

    public static string Token(PatientLink link, ReadOnlySpan<byte> key)
    {
        var body = Body(link.AppointmentId, link.Action, link.ExpiresAt.ToUnixTimeSeconds());
        return body + "." + Base64Url(Sign(body, key));
    }

    /// <summary>The link a token carries, or null when it is malformed or its signature does not hold.</summary>
    public static PatientLink? Read(string token, ReadOnlySpan<byte> key)
    {
        var parts = token.Split('.');
        if (parts.Length != 4
            || !Guid.TryParseExact(parts[0], "N", out var appointmentId)
            || ActionOf(parts[1]) is not { } action
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || expiry > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || !TryBase64Url(parts[3], out var signature))
        {
            return null;
        }
        var body = Body(appointmentId, action, expiry);
        if (body.Length != token.Length - parts[3].Length - 1 || !token.StartsWith(body, StringComparison.Ordinal))
        {
            return null; // one spelling only (no upper-case id, no leading zeros): a changed character is a changed link
        }
        return CryptographicOperations.FixedTimeEquals(Sign(body, key), signature)
            ? new PatientLink(appointmentId, action, DateTimeOffset.FromUnixTimeSeconds(expiry))
            : null;
    }

    private static string Body(Guid appointmentId, ReminderAction action, long expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{appointmentId:N}.{NameOf(action)}.{expiry}");

    private static string NameOf(ReminderAction action) => action == ReminderAction.CONFIRM ? "confirm" : "cancel";

    private static ReminderAction? ActionOf(string name) => name switch
    {
        "confirm" => ReminderAction.CONFIRM,
        "cancel" => ReminderAction.CANCEL,
        _ => null,
    };

    private static byte[] Sign(string body, ReadOnlySpan<byte> key) =>
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body)).AsSpan(0, SignatureBytes).ToArray();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 22 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }
        bytes = Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + "==");
        return Base64Url(bytes) == text; // one spelling only: a changed last character is a changed link

    }
}
