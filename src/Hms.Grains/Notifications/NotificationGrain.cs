using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;
using Hms.Patients;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hms.Notifications;

[GenerateSerializer, Alias("Hms.NotificationState")]
public sealed record class NotificationState : IOutboxState<NotificationState>
{
    [Id(0)] public NotificationView? Notification { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public NotificationState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// One notification's delivery. In-app is delivered by being stored; sms and e-mail go through their
/// senders at once, and after a failure again with backoff — by a timer while the grain is active and
/// by its durable "deliver" reminder whatever happens — until sent, skipped (no address) or given up.
/// </summary>
public sealed partial class NotificationGrain(
    [PersistentState("notification", StoreNames.Hms)] IPersistentState<NotificationState> state,
    GrainServices services,
    IEnumerable<INotificationSender> senders,
    IOptions<NotificationOptions> options,
    ILogger<NotificationGrain> logger) : OutboxGrain<NotificationState>(state, services, logger), INotificationGrain
{
    private const string DeliverReminder = "deliver";

    private IGrainTimer? _attempt;

    public async Task Deliver(NotificationMessage message)
    {
        if (State.Notification is not null)
        {
            return;
        }
        var now = Now;
        var deliveries = message.Channels.Distinct().Select(channel => channel == Channels.InApp
            ? new ChannelDelivery(channel, DeliveryStatus.Sent, 1, now, null, null)
            : new ChannelDelivery(channel, DeliveryStatus.Pending, 0, null, null, now)).ToImmutableArray();
        var notification = new NotificationView(message, DeliveryStatus.Pending, deliveries, null, null);
        if (deliveries.Any(d => !d.IsDone))
        {
            // Armed before the state that needs it is written, like every deadline.
            await this.RegisterOrUpdateReminder(DeliverReminder, Services.RetryPeriod, Services.RetryPeriod);
        }
        await SaveViewAsync(Settle(notification, now));
        ScheduleAttempt(TimeSpan.Zero);
    }

    public Task<NotificationView> Get(Caller caller) => OwnAsync(caller, allowAdmins: true);

    public async Task<NotificationView> MarkRead(Caller caller)
    {
        var notification = await OwnAsync(caller, allowAdmins: false);
        if (notification.ReadAt is not null)
        {
            return notification;
        }
        return await SaveViewAsync(notification with { ReadAt = Now });
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
        var now = Now;
        var deliveries = notification.Deliveries;
        foreach (var delivery in deliveries.Where(d => !d.IsDone && (d.NextAttemptAt ?? now) <= now))
        {
            deliveries = deliveries.Replace(delivery, await SendAsync(notification.Message, delivery, now));
        }
        var next = Settle(notification with { Deliveries = deliveries }, now);
        if (next != notification)
        {
            await SaveViewAsync(next);
        }
        if (next.Status != DeliveryStatus.Pending)
        {
            await DisarmAsync();
            return;
        }
        var soonest = next.Deliveries.Where(d => !d.IsDone).Min(d => d.NextAttemptAt ?? now);
        ScheduleAttempt(soonest - Now);
    }

    private async Task<ChannelDelivery> SendAsync(NotificationMessage message, ChannelDelivery delivery, DateTimeOffset now)
    {
        var sender = senders.FirstOrDefault(s => s.Channel == delivery.Channel);
        var to = await AddressAsync(message, delivery.Channel);
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
            LogSendFailed(ex, message.Id, delivery.Channel, attempts);
            return delivery with
            {
                Status = givenUp ? DeliveryStatus.Failed : DeliveryStatus.Pending,
                Attempts = attempts,
                LastError = ex.Message,
                NextAttemptAt = givenUp ? null : now + options.Value.DelayAfter(attempts),
            };
        }
    }

    /// <summary>Where a channel reaches the recipient: a patient's or a staff member's phone and e-mail; doctors have none yet.</summary>
    private async Task<string?> AddressAsync(NotificationMessage message, string channel)
    {
        switch (message.RecipientType)
        {
            case Recipients.Patient when Guid.TryParse(message.RecipientId, out var patientId):
                var patient = await GrainFactory.GetGrain<IPatientGrain>(patientId).Find();
                return channel == Channels.Sms ? patient?.Phone : channel == Channels.Email ? patient?.Email : null;
            case Recipients.User:
                var hospital = await GrainFactory.GetGrain<IHospitalGrain>(message.TenantId).Find();
                var member = hospital?.Staff.FirstOrDefault(m => m.UserId == message.RecipientId && m.IsActive);
                return channel == Channels.Sms ? member?.Phone : channel == Channels.Email ? member?.Email : null;
            default:
                return null;
        }
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

    private async Task<NotificationView> SaveViewAsync(NotificationView notification)
    {
        List<ReadModelRecord> records = [new NotificationDeliveryRow(notification)];
        var newlyDelivered = notification.Status == DeliveryStatus.Delivered && State.Notification?.Status != DeliveryStatus.Delivered;
        if (newlyDelivered && notification.Message.Metadata.TryGetValue(NoShowRecords.NoShowLogIdKey, out var logId) && Guid.TryParse(logId, out var id))
        {
            records.Add(new NoShowNotificationSent(id));
        }
        await SaveAsync(State with { Notification = notification }, records, []);
        return notification;
    }

    private void ScheduleAttempt(TimeSpan dueIn)
    {
        _attempt?.Dispose();
        _attempt = this.RegisterGrainTimer(static (grain, _) => grain.AttemptAsync(), this,
            new GrainTimerCreationOptions(dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task DisarmAsync()
    {
        _attempt?.Dispose();
        _attempt = null;
        var reminder = await this.GetReminder(DeliverReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<NotificationView> OwnAsync(Caller caller, bool allowAdmins)
    {
        if (State.Notification is { } notification && notification.Message.TenantId == caller.TenantId &&
            (await IsRecipientAsync(notification.Message, caller) || (allowAdmins && caller.IsInRole(Roles.HospitalAdmin))))
        {
            return notification;
        }
        throw Errors.NotFound("notification_not_found", "No such notification.");
    }

    private async Task<bool> IsRecipientAsync(NotificationMessage message, Caller caller) => message.RecipientType switch
    {
        Recipients.User => message.RecipientId == caller.UserId,
        Recipients.Patient when Guid.TryParse(message.RecipientId, out var patientId) =>
            (await GrainFactory.GetGrain<IPatientGrain>(patientId).Find())?.UserId == caller.UserId,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: {Channel} attempt {Attempt} failed; retrying with backoff")]
    private partial void LogSendFailed(Exception exception, Guid notificationId, string channel, int attempt);
}
