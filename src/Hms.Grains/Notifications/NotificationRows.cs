using System.Collections.Immutable;
using Hms.ReadModel;

namespace Hms.Notifications;

/// <summary>
/// A stored notification: readable in-app by its recipient at once. Saving one also hands it to its
/// grain (<see cref="DeliverNotification"/>), which delivers the other channels; when every channel is
/// out, the grain writes <see cref="OnDelivered"/>, the record its sender wants to see then.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NotificationRow")]
public sealed record class NotificationRow(
    [property: Id(0)] NotificationMessage Message,
    [property: Id(1)] ReadModelRecord? OnDelivered = null) : ReadModelRecord
{
    public override IEnumerable<Effect> Implied => [new DeliverNotification(Message, OnDelivered)];
}

/// <summary>Where a notification's delivery stands (written by its grain).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NotificationDeliveryRow")]
public sealed record class NotificationDeliveryRow([property: Id(0)] NotificationView Notification) : ReadModelRecord;

/// <summary>The effect every saved notification carries: hand it to its grain for delivery.</summary>
[GenerateSerializer, Immutable, Alias("Hms.DeliverNotification")]
public sealed record class DeliverNotification(
    [property: Id(0)] NotificationMessage Message,
    [property: Id(1)] ReadModelRecord? OnDelivered = null) : Effect
{
    /// <summary>
    /// Waits while the first attempt is made. The recipient's directory may ask the owner itself (a
    /// guest's reservation, a patient), so calls back along this call chain may enter the waiting owner.
    /// </summary>
    public override async Task ApplyAsync(IGrainFactory grains, GrainId owner)
    {
        using var reentrant = RequestContext.AllowCallChainReentrancy();
        await grains.GetGrain<INotificationDelivery>(Message.Id).Deliver(Message, OnDelivered);
    }
}

/// <summary>
/// What a kind of notification says and how it travels — its type, title, priority and channels —
/// addressed to one recipient by <see cref="To"/>.
/// </summary>
public sealed record Notice(string Type, string Title, Priority Priority, ImmutableArray<Channel> Channels)
{
    public NotificationRow To(string tenantId, RecipientKind recipient, string recipientId, string message, DateTimeOffset at,
        ImmutableDictionary<string, string>? metadata = null, ReadModelRecord? onDelivered = null) =>
        new(new NotificationMessage(Guid.NewGuid(), tenantId, recipient, recipientId, Type, Title, message, Priority, Channels,
            metadata ?? ImmutableDictionary<string, string>.Empty, at), onDelivered);
}
