namespace Hms.Notifications;

/// <summary>One message on one channel to one address.</summary>
public sealed record OutgoingMessage(Guid NotificationId, Channel Channel, string To, string Subject, string Body, Priority Priority);

/// <summary>Port: sends on one channel (SMTP e-mail, SMS webhook, or the development log). Throws when the message did not go out.</summary>
public interface INotificationSender
{
    Channel Channel { get; }

    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default);
}

/// <summary>How delivery retries back off.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Wait after the first failed attempt; each further failure triples it.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After this many attempts a channel is given up as FAILED (about a day at the longest delay).</summary>
    public int MaxAttempts { get; set; } = 100;

    public TimeSpan DelayAfter(int attempts)
    {
        var delay = FirstRetry.TotalMilliseconds * Math.Pow(3, Math.Max(0, attempts - 1));
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxRetryDelay.TotalMilliseconds));
    }
}
