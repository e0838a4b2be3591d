using System.Text.Json.Serialization;
using Hms.Common;

namespace Hms.Notifications;

/// <summary>A way a notification reaches its recipient.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<Channel>))]
public readonly record struct Channel(string Name) : IName<Channel>
{
    /// <summary>Stored for the recipient to read through the API: delivered by being saved.</summary>
    public static readonly Channel InApp = new("in_app");
    public static readonly Channel Sms = new("sms");
    public static readonly Channel Email = new("email");

    public static Channel Named(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>Whom a notification's recipient id names.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<RecipientKind>))]
public readonly record struct RecipientKind(string Name) : IName<RecipientKind>
{
    /// <summary>A patient: the recipient id is the patient's id.</summary>
    public static readonly RecipientKind Patient = new("PATIENT");

    /// <summary>A doctor: the recipient id is the doctor's id.</summary>
    public static readonly RecipientKind Doctor = new("DOCTOR");

    /// <summary>A staff user of the tenant: the recipient id is the user's id.</summary>
    public static readonly RecipientKind User = new("USER");

    public static RecipientKind Named(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>How urgent a notification is.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<Priority>))]
public readonly record struct Priority(string Name) : IName<Priority>
{
    public static readonly Priority Normal = new("NORMAL");
    public static readonly Priority Medium = new("MEDIUM");
    public static readonly Priority High = new("HIGH");
    public static readonly Priority Urgent = new("URGENT");

    public static Priority Named(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>Where the delivery of a notification, or of one of its channels, stands.</summary>
[Immutable, JsonConverter(typeof(NameJsonConverter<DeliveryStatus>))]
public readonly record struct DeliveryStatus(string Name) : IName<DeliveryStatus>
{
    public static readonly DeliveryStatus Pending = new("PENDING");
    public static readonly DeliveryStatus Sent = new("SENT");

    /// <summary>Nothing to send to: the recipient has no address for the channel.</summary>
    public static readonly DeliveryStatus Skipped = new("SKIPPED");
    public static readonly DeliveryStatus Failed = new("FAILED");
    public static readonly DeliveryStatus Delivered = new("DELIVERED");

    public static DeliveryStatus Named(string name) => new(name);

    public override string ToString() => Name;
}

[RegisterSerializer]
public sealed class ChannelCodec : NameCodec<Channel>;

[RegisterSerializer]
public sealed class RecipientKindCodec : NameCodec<RecipientKind>;

[RegisterSerializer]
public sealed class PriorityCodec : NameCodec<Priority>;

[RegisterSerializer]
public sealed class DeliveryStatusCodec : NameCodec<DeliveryStatus>;
