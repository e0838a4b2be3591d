using System.Collections.Immutable;
using Hms.Common;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hms.Notifications;

[GenerateSerializer, Alias("Hms.NotificationState")]
public sealed record class NotificationState : IOutboxState<NotificationState>
{
    [Id(0)] public NotificationView? Notification { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    /// <summary>What the sender wants written once every channel is out (see <see cref="NotificationRow.OnDelivered"/>).</summary>
    [Id(2)] public ReadModelRecord? OnDelivered { get; init; }

    public NotificationState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// One notification's delivery. In-app is delivered by being stored; sms and e-mail go through their
/// senders at once, while the sender waits (<see cref="Deliver"/>), and after a failure again with
/// backoff — by a timer while the grain is active and by its durable "deliver" reminder, armed only
/// then — until sent, skipped (no address) or given up. Addresses come from the directory of the
/// recipient's kind. A notification out on every channel at the first attempt costs one write.
/// </summary>
public sealed partial class NotificationGrain(
    [PersistentState("notification", StoreNames.Hms)] IPersistentState<NotificationState> state,
    GrainServices services,
    IEnumerable<INotificationSender> senders,
    IEnumerable<IRecipientDirectory> directories,
    INotificationReader stored,
    IOptions<NotificationOptions> options,
    ILogger<NotificationGrain> logger) : OutboxGrain<NotificationState>(state, services, logger), INotificationGrain, INotificationDelivery
{
    /// <summary>
    /// A notification created longer ago than this with no row in the read model was trimmed by the
    /// history retention (its sender writes the row before handing it over): it is not sent again.
    /// </summary>
    private static readonly TimeSpan TrimmedAfter = TimeSpan.FromDays(1);

    private const string DeliverReminder = "deliver";

    private IGrainTimer? _attempt;
    private bool _rowStored;

    /// <summary>
    /// A notification out on every channel at its first attempt is kept only as its read-model row
    /// (<see cref="Deliver"/>); an activation with nothing in grain storage takes the row back.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Notification is null && await stored.FindAsync(this.GetPrimaryKey(), cancellationToken) is { } row)
        {
            _rowStored = true;
            if (!row.Deliveries.IsEmpty)
            {
                Adopt(State with { Notification = row });
            }
        }
    }

    /// <summary>
    /// Takes a notification from the grain whose saved outbox holds it, and makes the first attempt at
    /// once, before anything is stored: until this call returns the sender's outbox still holds it, so
    /// a crash only repeats the attempt. Out on every channel then, its row in the read model is its
    /// record (one write, grouped with other grains' rows); still pending, it is saved in grain storage
    /// with its own "deliver" reminder, armed before that write.
    /// </summary>
    public async Task Deliver(NotificationMessage message, ReadModelRecord? onDelivered)
    {
        if (State.Notification is not null)
        {
            return;
        }
        if (!_rowStored && message.CreatedAt < Now - TrimmedAfter)
        {
            LogTrimmed(message.Id, message.CreatedAt);
            return;
        }
        var now = Now;
        var deliveries = message.Channels.Distinct().Select(channel => channel == Channel.InApp
            ? new ChannelDelivery(channel, DeliveryStatus.Sent, 1, now, null, null)
            : new ChannelDelivery(channel, DeliveryStatus.Pending, 0, null, null, now)).ToImmutableArray();
        var attempted = Settle(await SendDueAsync(new NotificationView(message, DeliveryStatus.Pending, deliveries, null, null), now), Now);
        if (attempted.Status != DeliveryStatus.Pending && onDelivered?.Implied.Any() != true)
        {
            ReadModelRecord[] rows = attempted.Status == DeliveryStatus.Delivered && onDelivered is not null
                ? [new NotificationDeliveryRow(attempted), onDelivered]
                : [new NotificationDeliveryRow(attempted)];
            await Services.ReadModel.WriteAsync(rows);
            Adopt(State with { Notification = attempted, OnDelivered = onDelivered });
            return;
        }
        if (attempted.Status == DeliveryStatus.Pending)
        {
            await this.RegisterOrUpdateReminder(DeliverReminder, Services.RetryPeriod, Services.RetryPeriod);
        }
        await SaveViewAsync(attempted, onDelivered);
        ScheduleNextAttempt(attempted);
    }

    public Task<NotificationView> Get(Caller caller) => OwnAsync(caller, allowAdmins: true);

    public async Task<NotificationView> MarkRead(Caller caller)
    {
        var notification = await OwnAsync(caller, allowAdmins: false);
        if (notification.ReadAt is not null)
        {
            return notification;
        }
        return await SaveViewAsync(notification with { ReadAt = Now }, State.OnDelivered);
    }

    public async Task<NotificationView> Retry(Caller caller)
    {
        if (State.Notification is not { } notification || notification.Message.TenantId != caller.TenantId)
        {
            throw Errors.NotFound("notification_not_found", "No such notification.");
        }
        if (notification.Status != DeliveryStatus.Failed)
        {
            throw Errors.Conflict("notification_not_failed", $"Only a FAILED notification is retried; this one is {notification.Status}.");
        }
        // The given-up channels are due again now; their attempt counts go on, so one more failure gives them up again.
        var now = Now;
        var retried = notification with
        {
            Status = DeliveryStatus.Pending,
            Deliveries = [.. notification.Deliveries.Select(d => d.Status == DeliveryStatus.Failed ? d with { Status = DeliveryStatus.Pending, NextAttemptAt = now } : d)],
        };
        await this.RegisterOrUpdateReminder(DeliverReminder, Services.RetryPeriod, Services.RetryPeriod); // armed before the state that needs it
        await SaveViewAsync(retried, State.OnDelivered);
        await AttemptAsync();
        return State.Notification!;
    }

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeliverReminder)
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        await AttemptAsync();
    }

    /// <summary>Sends every channel whose turn has come; records the outcome; plans the next attempt.</summary>
    private async Task AttemptAsync()
    {
        if (State.Notification is not { } notification)
        {
            await DisarmAsync();
            return;
        }
        var next = Settle(await SendDueAsync(notification, Now), Now);
        if (next != notification)
        {
            await SaveViewAsync(next, State.OnDelivered);
        }
        if (next.Status != DeliveryStatus.Pending)
        {
            await DisarmAsync();
            return;
        }
        ScheduleNextAttempt(next);
    }

    /// <summary>The notification after sending each channel whose turn has come by <paramref name="now"/>.</summary>
    private async Task<NotificationView> SendDueAsync(NotificationView notification, DateTimeOffset now)
    {
        var deliveries = notification.Deliveries;
        foreach (var delivery in deliveries.Where(d => !d.IsDone && (d.NextAttemptAt ?? now) <= now))
        {
            deliveries = deliveries.Replace(delivery, await SendAsync(notification.Message, delivery, now));
        }
        return notification with { Deliveries = deliveries };
    }

    private async Task<ChannelDelivery> SendAsync(NotificationMessage message, ChannelDelivery delivery, DateTimeOffset now)
    {
        var sender = senders.FirstOrDefault(s => s.Channel == delivery.Channel);
        var to = (await ContactAsync(message))?.Address(delivery.Channel);
        if (sender is null || to is null)
        {
            return delivery with
            {
                Status = DeliveryStatus.Skipped,
                LastError = sender is null ? $"No sender for channel {delivery.Channel}." : $"The recipient has no {delivery.Channel} address.",
                NextAttemptAt = null,
            };
        }
        var attempts = delivery.Attempts + 1;
        try
        {
            await sender.SendAsync(new OutgoingMessage(message.Id, delivery.Channel, to, message.Title, message.Message, message.Priority));
            return delivery with { Status = DeliveryStatus.Sent, Attempts = attempts, SentAt = Now, LastError = null, NextAttemptAt = null };
        }
        catch (Exception ex)
        {
            var givenUp = attempts >= options.Value.MaxAttempts;
            LogSendFailed(ex, message.Id, delivery.Channel.Name, attempts);
            return delivery with
            {
                Status = givenUp ? DeliveryStatus.Failed : DeliveryStatus.Pending,
                Attempts = attempts,
                LastError = ex.Message,
                NextAttemptAt = givenUp ? null : now + options.Value.DelayAfter(attempts),
            };
        }
    }

    /// <summary>The recipient's contact, from the first directory of their kind that knows them.</summary>
    private async Task<Contact?> ContactAsync(NotificationMessage message)
    {
        foreach (var directory in directories.Where(d => d.Kind == message.RecipientType))
        {
            if (await directory.FindAsync(message.TenantId, message.RecipientId) is { } contact)
            {
                return contact;
            }
        }
        return null;
    }

    /// <summary>DELIVERED once every channel is sent or skipped; FAILED if any channel was given up.</summary>
    private static NotificationView Settle(NotificationView n, DateTimeOffset now)
    {
        if (n.Deliveries.Any(d => !d.IsDone))
        {
            return n with { Status = DeliveryStatus.Pending };
        }
        var failed = n.Deliveries.Any(d => d.Status == DeliveryStatus.Failed);
        return n with { Status = failed ? DeliveryStatus.Failed : DeliveryStatus.Delivered, DeliveredAt = failed ? null : n.DeliveredAt ?? now };
    }

    private async Task<NotificationView> SaveViewAsync(NotificationView notification, ReadModelRecord? onDelivered)
    {
        var newlyDelivered = notification.Status == DeliveryStatus.Delivered && State.Notification?.Status != DeliveryStatus.Delivered;
        ReadModelRecord[] records = newlyDelivered && onDelivered is not null
            ? [new NotificationDeliveryRow(notification), onDelivered]
            : [new NotificationDeliveryRow(notification)];
        await SaveAsync(State with { Notification = notification, OnDelivered = onDelivered }, records);
        return notification;
    }

    /// <summary>While the notification is pending, a timer makes its next attempt when the soonest channel is due.</summary>
    private void ScheduleNextAttempt(NotificationView notification)
    {
        if (notification.Status != DeliveryStatus.Pending)
        {
            return;
        }
        var dueIn = notification.Deliveries.Where(d => !d.IsDone).Min(d => d.NextAttemptAt ?? Now) - Now;
        _attempt?.Dispose();
        _attempt = this.RegisterGrainTimer(static (grain, _) => grain.AttemptAsync(), this,
            new GrainTimerCreationOptions(dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task DisarmAsync()
    {
        _attempt?.Dispose();
        _attempt = null;
        await this.UnregisterReminderIfAny(DeliverReminder);
    }

    private async Task<NotificationView> OwnAsync(Caller caller, bool allowAdmins)
    {
        if (State.Notification is { } notification && notification.Message.TenantId == caller.TenantId &&
            ((await ContactAsync(notification.Message))?.UserId == caller.UserId || (allowAdmins && caller.IsInRole(Roles.HospitalAdmin))))
        {
            return notification;
        }
        throw Errors.NotFound("notification_not_found", "No such notification.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} of {CreatedAt} has no stored row: trimmed by the history retention, so not sent again")]
    private partial void LogTrimmed(Guid notificationId, DateTimeOffset createdAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: {Channel} attempt {Attempt} failed; retrying with backoff")]
    private partial void LogSendFailed(Exception exception, Guid notificationId, string channel, int attempt);
}
