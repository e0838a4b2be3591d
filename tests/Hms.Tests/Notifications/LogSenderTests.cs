using Hms.Notifications;
using Hms.Silo.Notifications;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hms.Tests.Notifications;

/// <summary>Without a configured sender, what would go out is logged whole at Debug only: Information names the notification, never the person or the text.</summary>
public sealed class LogSenderTests
{
    [Fact]
    public async Task InformationCarriesNoAddressNameOrText()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var sender = new LogSender(Channel.Email, factory.CreateLogger<LogSender>());
        var id = Guid.NewGuid();

        await sender.SendAsync(new OutgoingMessage(id, Channel.Email, "ada@example.org", "Appointment missed",
            "Dear Ada Lovelace (MRN HMS001-7), you missed your appointment.", Priority.Normal));

        var information = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information);
        Assert.Contains(id.ToString(), information.Text, StringComparison.Ordinal);
        foreach (var secret in new[] { "ada@example.org", "Lovelace", "HMS001-7", "missed" })
        {
            Assert.DoesNotContain(secret, information.Text, StringComparison.Ordinal);
        }
        Assert.Contains("Ada Lovelace", Assert.Single(logs.Entries, e => e.Level == LogLevel.Debug).Text, StringComparison.Ordinal);
    }
}
