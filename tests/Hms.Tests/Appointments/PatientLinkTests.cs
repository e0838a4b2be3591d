using System.Security.Cryptography;
using Hms.Appointments;

namespace Hms.Tests.Appointments;

/// <summary>
/// Reminder links (src/Hms.Grains/Appointments/PatientLinks.cs) and SMS replies (src/Hms.Grains.Interfaces/Appointments/ReminderReplies.cs)
/// as pure rules: a link reads back only with its key and unchanged; a reply reads as confirm, cancel or nothing.
/// </summary>
public sealed class PatientLinkTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static readonly PatientLink Link = new(Guid.NewGuid(), ReminderAction.CONFIRM, new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ALinkReadsBackAsItWasSignedAndOnlyWithItsKey()
    {
        var token = PatientLinks.Token(Link, Key);
        Assert.Equal(Link, PatientLinks.Read(token, Key));
        Assert.Null(PatientLinks.Read(token, RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(Link with { Action = ReminderAction.CANCEL }, PatientLinks.Read(PatientLinks.Token(Link with { Action = ReminderAction.CANCEL }, Key), Key));
        Assert.Equal(4, token.Split('.').Length);
        Assert.True(token.Length < 100, token); // short enough for an SMS
    }

    [Fact]
    public void EveryChangedCharacterOfALinkBreaksIt()
    {
        var token = PatientLinks.Token(Link, Key);
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.";
        var accepted = new List<string>();
        for (var i = 0; i < token.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != token[i]))
            {
                var changed = token[..i] + c + token[(i + 1)..];
                if (PatientLinks.Read(changed, Key) is not null)
                {
                    accepted.Add(changed);
                }
            }
        }
        Assert.Empty(accepted); // including another spelling of the signature's last base64 character
        Assert.Null(PatientLinks.Read(token + "A", Key));
        Assert.Null(PatientLinks.Read(token[..^1], Key));
        Assert.Null(PatientLinks.Read("", Key));
        Assert.Null(PatientLinks.Read("....", Key));
    }

    [Theory]
    [InlineData("1", ReminderAction.CONFIRM)]
    [InlineData("YES", ReminderAction.CONFIRM)]
    [InlineData(" yes! ", ReminderAction.CONFIRM)]
    [InlineData("Yes.", ReminderAction.CONFIRM)]
    [InlineData("2", ReminderAction.CANCEL)]
    [InlineData("no", ReminderAction.CANCEL)]
    [InlineData("\"NO\"", ReminderAction.CANCEL)]
    [InlineData("3", null)]
    [InlineData("yes please", null)]
    [InlineData("12", null)]
    [InlineData("", null)]
    public void AnSmsReplyReadsAsConfirmCancelOrNothing(string text, ReminderAction? expected) =>
        Assert.Equal(expected, SmsReplies.ActionOf(text));

    [Theory]
    [InlineData("+49 170 1234567", "491701234567")]
    [InlineData("(030) 123-456", "030123456")]
    [InlineData("+1.555.010.0999", "15550100999")]
    [InlineData("12345", null)]
    [InlineData("+1234567890123456", null)]
    [InlineData("call me", null)]
    [InlineData("++491701234567", null)]
    public void AnSmsSenderIsAPhoneNumberOfSixToFifteenDigits(string from, string? digits) =>
        Assert.Equal(digits, SmsReplies.PhoneDigits(from));
}
