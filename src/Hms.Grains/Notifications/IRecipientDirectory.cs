using System.Collections.Immutable;

namespace Hms.Notifications;

/// <summary>How a recipient is reached, and which user reads their notifications.</summary>
public sealed record Contact(string? UserId, string? Phone, string? Email)
{
    public string? Address(Channel channel) => channel == Channel.Sms ? Phone : channel == Channel.Email ? Email : null;
}

/// <summary>
/// Port: the recipients of one kind (registered by the capability that keeps them — patients, staff).
/// A kind nobody registers has no addresses: its channels other than in-app are skipped.
/// </summary>
public interface IRecipientDirectory
{
    RecipientKind Kind { get; }

    /// <summary>The recipient's contact, or null when this directory does not know them.</summary>
    Task<Contact?> FindAsync(string tenantId, string recipientId);

    /// <summary>The recipient ids of this kind whose notifications the user reads (their own staff id, their patient records).</summary>
    Task<ImmutableArray<string>> OfUserAsync(string tenantId, string userId);
}

/// <summary>The delivery side of a notification's grain (for the grains that store notifications).</summary>
[Alias("Hms.INotificationDelivery")]
public interface INotificationDelivery : IGrainWithGuidKey
{
    /// <summary>Takes the notification in and starts delivering it; idempotent.</summary>
    [Alias("Deliver")]
    Task Deliver(NotificationMessage message, Hms.ReadModel.ReadModelRecord? onDelivered);
}
