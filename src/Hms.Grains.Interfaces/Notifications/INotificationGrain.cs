using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Notifications;

/// <summary>
/// One notification (SPEC §11): stored for its recipient (in_app) and delivered on its other channels
/// (sms, email) by senders with retries and backoff. A sender that is down leaves it pending; its own
/// reminder retries until it is delivered. Keyed by the notification's id.
/// </summary>
[Alias("Hms.INotificationGrain")]
public interface INotificationGrain : IGrainWithGuidKey
{
    /// <summary>Takes the notification in and starts delivering it. Idempotent.</summary>
    [Alias("Deliver")]
    Task Deliver(NotificationMessage message);

    [Alias("Get")]
    Task<NotificationView> Get(Caller caller);

    /// <summary>The recipient read it (in-app).</summary>
    [Alias("MarkRead")]
    Task<NotificationView> MarkRead(Caller caller);
}

/// <summary>What a notification says and to whom: a patient, a doctor or a staff user of a tenant.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NotificationMessage")]
public sealed record class NotificationMessage(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string RecipientType,
    [property: Id(3)] string RecipientId,
    [property: Id(4)] string Type,
    [property: Id(5)] string Title,
    [property: Id(6)] string Message,
    [property: Id(7)] string Priority,
    [property: Id(8)] ImmutableArray<string> Channels,
    [property: Id(9)] ImmutableDictionary<string, string> Metadata,
    [property: Id(10)] DateTimeOffset CreatedAt);

/// <summary>Recipient kinds and channel names.</summary>
public static class Recipients
{
    public const string Patient = "PATIENT";
    public const string Doctor = "DOCTOR";
    public const string User = "USER";
}

public static class Channels
{
    public const string InApp = "in_app";
    public const string Sms = "sms";
    public const string Email = "email";
}

public static class DeliveryStatus
{
    public const string Pending = "PENDING";
    public const string Sent = "SENT";
    /// <summary>Nothing to send to: the recipient has no address for the channel.</summary>
    public const string Skipped = "SKIPPED";
    public const string Failed = "FAILED";
    public const string Delivered = "DELIVERED";
}

[GenerateSerializer, Immutable, Alias("Hms.ChannelDelivery")]
public sealed record class ChannelDelivery(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Status,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset? SentAt,
    [property: Id(4)] string? LastError,
    [property: Id(5)] DateTimeOffset? NextAttemptAt)
{
    public bool IsDone => Status is DeliveryStatus.Sent or DeliveryStatus.Skipped or DeliveryStatus.Failed;
}

[GenerateSerializer, Immutable, Alias("Hms.NotificationView")]
public sealed record class NotificationView(
    [property: Id(0)] NotificationMessage Message,
    [property: Id(1)] string Status,
    [property: Id(2)] ImmutableArray<ChannelDelivery> Deliveries,
    [property: Id(3)] DateTimeOffset? DeliveredAt,
    [property: Id(4)] DateTimeOffset? ReadAt);

/// <summary>The caller's notifications, from the read model.</summary>
[Alias("Hms.INotificationQueryGrain")]
public interface INotificationQueryGrain : IGrainWithIntegerKey
{
    [Alias("Mine")]
    Task<Page<NotificationView>> Mine(bool unreadOnly, Paging paging, Caller caller);
}
