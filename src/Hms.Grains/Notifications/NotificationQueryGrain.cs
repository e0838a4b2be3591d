using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Notifications;

/// <summary>Port: notifications of a tenant to any of the given recipients, from the read model.</summary>
public interface INotificationReader
{
    Task<Page<NotificationView>> ToAsync(string tenantId, ImmutableArray<(RecipientKind Kind, string Id)> recipients, bool unreadOnly, Paging paging,
        CancellationToken cancellationToken = default);

    /// <summary>The tenant's notifications whose delivery was given up, newest first.</summary>
    Task<Page<NotificationView>> FailedAsync(string tenantId, Paging paging, CancellationToken cancellationToken = default);

    /// <summary>One stored notification by id, whatever its tenant; null when there is no row (never stored, or trimmed).</summary>
    Task<NotificationView?> FindAsync(Guid id, CancellationToken cancellationToken = default);
}

/// <summary>The caller's notifications: to every recipient id the directories say the caller reads for (their staff id, their patient records).</summary>
[StatelessWorker]
public sealed class NotificationQueryGrain(INotificationReader notifications, IEnumerable<IRecipientDirectory> directories) : Grain, INotificationQueryGrain
{
    public async Task<Page<NotificationView>> Mine(bool unreadOnly, Paging paging, Caller caller)
    {
        var found = await Task.WhenAll(directories.Select(async d =>
            (await d.OfUserAsync(caller.TenantId, caller.UserId)).Select(id => (d.Kind, id))));
        return await notifications.ToAsync(caller.TenantId, [.. found.SelectMany(r => r).Distinct()], unreadOnly, paging);
    }

    public Task<Page<NotificationView>> Failed(Paging paging, Caller caller) => notifications.FailedAsync(caller.TenantId, paging);
}
