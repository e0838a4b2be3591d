using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Notifications;

/// <summary>
/// One notification: stored for its recipient (in_app) and delivered on its other channels (sms,
/// email) by senders with retries and backoff. A sender that is down leaves it pending; its own
/// reminder retries until it is delivered. Keyed by the notification's id.
/// </summary>
[Alias("Hms.INotificationGrain")]
public interface INotificationGrain : IGrainWithGuidKey
{
    [Alias("Get")]
    [Allows(Roles.Anyone)]
    Task<NotificationView> Get(Caller caller);

    /// <summary>The recipient read it (in-app).</summary>
    [Alias("MarkRead")]
    [Allows(Roles.Anyone)]
    Task<NotificationView> MarkRead(Caller caller);

    /// <summary>
    /// A FAILED notification's given-up channels get one fresh attempt now (409 <c>notification_not_failed</c>
    /// otherwise); the answer is how delivery stands after it. For the tenant's admins.
    /// </summary>
    [Alias("Retry")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin)]
    Task<NotificationView> Retry(Caller caller);
}

/// <summary>What a notification says and to whom: a patient, a doctor or a staff user of a tenant.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NotificationMessage")]
public sealed record class NotificationMessage(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] RecipientKind RecipientType,
    [property: Id(3)] string RecipientId,
    [property: Id(4)] string Type,
    [property: Id(5)] string Title,
    [property: Id(6)] string Message,
    [property: Id(7)] Priority Priority,
    [property: Id(8)] ImmutableArray<Channel> Channels,
    [property: Id(9)] ImmutableDictionary<string, string> Metadata,
    [property: Id(10)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("Hms.ChannelDelivery")]
public sealed record class ChannelDelivery(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] DeliveryStatus Status,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset? SentAt,
    [property: Id(4)] string? LastError,
    [property: Id(5)] DateTimeOffset? NextAttemptAt)
{
    public bool IsDone => Status == DeliveryStatus.Sent || Status == DeliveryStatus.Skipped || Status == DeliveryStatus.Failed;
}

[GenerateSerializer, Immutable, Alias("Hms.NotificationView")]
public sealed record class NotificationView(
    [property: Id(0)] NotificationMessage Message,
    [property: Id(1)] DeliveryStatus Status,
    [property: Id(2)] ImmutableArray<ChannelDelivery> Deliveries,
    [property: Id(3)] DateTimeOffset? DeliveredAt,
    [property: Id(4)] DateTimeOffset? ReadAt);

/// <summary>The caller's notifications, from the read model.</summary>
[Alias("Hms.INotificationQueryGrain")]
public interface INotificationQueryGrain : IGrainWithIntegerKey
{
    [Alias("Mine")]
    [Allows(Roles.Anyone)]
    Task<Page<NotificationView>> Mine(bool unreadOnly, Paging paging, Caller caller);

    /// <summary>The tenant's FAILED notifications, newest first: what its admins may retry.</summary>
    [Alias("Failed")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin)]
    Task<Page<NotificationView>> Failed(Paging paging, Caller caller);
}
