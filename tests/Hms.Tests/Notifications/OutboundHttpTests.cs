using Hms.Notifications;
using Hms.Silo.Notifications;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hms.Tests.Notifications;

/// <summary>The SMS gateway's webhook through the resilient client: a transient failure is retried (twice, with jitter) inside one send.</summary>
public sealed class OutboundHttpTests
{
    private static OutgoingMessage Message() => new(Guid.NewGuid(), Channel.Sms, "+4915112345678", "Reminder", "See you at 09:00.", Priority.Normal);

    [Fact]
    public async Task TwoTransientFailuresAreRetriedAndAThirdIsTheCallersToRetry()
    {
        await using var gateway = new SmsSink(Ports.Free());
        await gateway.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notifications:Sms:WebhookUrl"] = gateway.Url,
                ["Outbound:AllowedNetworks"] = "127.0.0.1/32", // the gateway stub is on loopback, which is refused otherwise
            }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddNotificationSenders(configuration).BuildServiceProvider();
        var sms = services.GetServices<INotificationSender>().Single(s => s.Channel == Channel.Sms);

        gateway.FailNext(2);
        await sms.SendAsync(Message());
        Assert.Equal((3, 1), (gateway.Attempts, gateway.Received.Count));

        gateway.FailNext(3);
        await Assert.ThrowsAsync<HttpRequestException>(() => sms.SendAsync(Message()));
        Assert.Equal((6, 1), (gateway.Attempts, gateway.Received.Count)); // the notification's own backoff retries later
    }

    [Fact]
    public async Task AGatewayOnAnInternalAddressIsRefusedUnlessTheOperatorAllowsItsNetwork()
    {
        await using var gateway = new SmsSink(Ports.Free());
        await gateway.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:Sms:WebhookUrl"] = gateway.Url }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddNotificationSenders(configuration).BuildServiceProvider();
        var sms = services.GetServices<INotificationSender>().Single(s => s.Channel == Channel.Sms);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => sms.SendAsync(Message()));

        Assert.IsType<Hms.Silo.Http.OutboundAddressRefusedException>(refused.InnerException);
        Assert.Equal(0, gateway.Attempts); // refused at connect time, and not retried
    }
}
