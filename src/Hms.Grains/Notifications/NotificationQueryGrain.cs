using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Notifications;

/// <summary>Port: the notifications a user receives, from the read model.</summary>
public interface INotificationReader
{
    Task<Page<NotificationView>> MineAsync(string tenantId, string userId, bool unreadOnly, Paging paging, CancellationToken cancellationToken = default);
}

/// <summary>The caller's notifications (as a staff user, and as the user of their patient records).</summary>
[StatelessWorker]
public sealed class NotificationQueryGrain(INotificationReader notifications) : Grain, INotificationQueryGrain
{
    public Task<Page<NotificationView>> Mine(bool unreadOnly, Paging paging, Caller caller) =>
        notifications.MineAsync(caller.TenantId, caller.UserId, unreadOnly, paging);
}
