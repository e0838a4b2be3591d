using System.Collections.Immutable;
using Hms.Common;
using Microsoft.Extensions.Logging;

namespace Hms.NoShow;

/// <summary>
/// A hospital's live alert feed (<see cref="IStageAlertFeedGrain"/>): in memory only — what it holds is
/// who listens. A change with no one listening costs nothing; otherwise one read of the changed rows,
/// pushed to every observer. Observers that stop renewing are dropped.
/// </summary>
public sealed partial class StageAlertFeedGrain(IStageAlertReader alerts, ILogger<StageAlertFeedGrain> logger) : Grain, IStageAlertFeedGrain
{
    private readonly Dictionary<IStageAlertObserver, DateTime> _observers = [];
    private readonly Guid _epoch = Guid.NewGuid();

    private string HospitalId => this.GetPrimaryKeyString();

    public Task<FeedSubscription> Subscribe(IStageAlertObserver observer, Caller caller)
    {
        if (caller.TenantId != HospitalId)
        {
            throw Errors.Forbidden("tenant_mismatch", "A hospital's alert feed is for its own staff only.");
        }
        _observers[observer] = DateTime.UtcNow;
        return Task.FromResult(new FeedSubscription(_epoch));
    }

    public Task Unsubscribe(IStageAlertObserver observer, Caller caller)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    public async Task Changed(ImmutableArray<Guid> alertIds)
    {
        var lapsed = DateTime.UtcNow - IStageAlertFeedGrain.SubscriptionLifetime;
        foreach (var gone in _observers.Where(o => o.Value < lapsed).Select(o => o.Key).ToList())
        {
            _observers.Remove(gone);
        }
        if (_observers.Count == 0 || alertIds.IsEmpty)
        {
            return;
        }
        var items = await alerts.BoardItemsAsync(HospitalId, alertIds);
        if (items.IsEmpty)
        {
            return;
        }
        foreach (var observer in _observers.Keys.ToList())
        {
            try
            {
                await observer.OnAlerts(_epoch, items);
            }
            catch (Exception ex)
            {
                LogPushFailed(logger, ex, HospitalId);
                _observers.Remove(observer);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing alerts of {Hospital} to a feed subscriber failed; it is dropped until it renews")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string hospital);
}
