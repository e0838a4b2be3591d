using Hms.Common;

namespace Hms.Appointments;

/// <summary>What a patient may answer a reminder with.</summary>
public enum ReminderAction
{
    /// <summary>SCHEDULED → CONFIRMED.</summary>
    CONFIRM,

    /// <summary>Cancelled; the slot is released at once, as any cancellation releases it.</summary>
    CANCEL,
}

/// <summary>How the answer came: a signed link in the reminder, or an SMS reply.</summary>
public enum ReplyChannel
{
    LINK,
    SMS,
}

/// <summary>The patient's answer to a reminder, kept on the appointment (and counted in the NO_SHOW statistics).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReminderAnswer")]
public sealed record class ReminderAnswer(
    [property: Id(0)] ReminderAction Action,
    [property: Id(1)] ReplyChannel Via,
    [property: Id(2)] DateTimeOffset At);

/// <summary>
/// An answer to a reminder, about to be given (<see cref="Done"/> false: what following the link would do)
/// or given. <see cref="Message"/> is what the patient is told.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReminderReply")]
public sealed record class ReminderReply(
    [property: Id(0)] AppointmentView Appointment,
    [property: Id(1)] ReminderAction Action,
    [property: Id(2)] bool Done,
    [property: Id(3)] string Message);

/// <summary>A text message a patient sent back, as the SMS gateway hands it over.</summary>
[GenerateSerializer, Immutable, Alias("Hms.InboundSms")]
public sealed record class InboundSms(
    [property: Id(0)] string From,
    [property: Id(1)] string Text);

/// <summary>How an SMS reply reads: "1" or "YES" confirms, "2" or "NO" cancels (any case, spaces and punctuation around ignored).</summary>
public static class SmsReplies
{
    public static ReminderAction? ActionOf(string text) =>
        text.Trim().Trim('.', '!', ',', ';', '"', '\'').Trim().ToUpperInvariant() switch
        {
            "1" or "YES" => ReminderAction.CONFIRM,
            "2" or "NO" => ReminderAction.CANCEL,
            _ => null,
        };

    /// <summary>The digits of a phone number written with an optional leading +, spaces, dashes, dots or brackets; null unless 6–15 digits.</summary>
    public static string? PhoneDigits(string from)
    {
        var text = from.Trim();
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }
        if (text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')')))
        {
            return null;
        }
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        return digits.Length is >= 6 and <= 15 ? digits : null;
    }
}

/// <summary>
/// Patients answering reminders without signing in: a signed link (HMAC over appointment, action and
/// expiry; src/Hms.Grains/Appointments/PatientLinks.cs) or an SMS reply ("1"/"YES" confirms, "2"/"NO"
/// cancels the patient's next reminded appointment). The link or the gateway's shared secret is the
/// credential, so only the system calls in.
/// </summary>
[Alias("Hms.IReminderReplyGrain")]
public interface IReminderReplyGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Follows a link: 403 <c>link_invalid</c> when its signature does not hold, 410 <c>link_expired</c>
    /// after its expiry, <c>link_used</c> when it was followed before, <c>link_outdated</c> when the appointment
    /// has moved since. With <paramref name="apply"/> false nothing changes (the page that asks first).
    /// </summary>
    [Alias("Follow")]
    [Allows(Roles.System)]
    Task<ReminderReply> Follow(string token, bool apply, Caller caller);

    /// <summary>An SMS reply: 422 <c>sms_reply_not_understood</c>, 404 <c>no_reminded_appointment</c>.</summary>
    [Alias("Sms")]
    [Allows(Roles.System)]
    Task<ReminderReply> Sms(InboundSms sms, Caller caller);
}

/// <summary>The key reminder links are signed with: made once for the cluster, kept sealed (src/Hms.Grains/Appointments/PatientLinkKeys.cs).</summary>
[Alias("Hms.IPatientLinkKeyGrain")]
public interface IPatientLinkKeyGrain : IGrainWithIntegerKey
{
    /// <summary>The key, sealed; made on the first call.</summary>
    [Alias("SealedKey")]
    Task<string> SealedKey();
}
