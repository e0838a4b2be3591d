using System.Collections.Immutable;
using System.Threading.Channels;
using Hms.Common;
using Hms.NoShow;

namespace Hms.Api.NoShow;

/// <summary>
/// This API process's end of the hospitals' live alert feeds (<see cref="IStageAlertFeedGrain"/>): one
/// subscription per hospital that has connected clients, shared by all of them, renewed every
/// <see cref="Renew"/>. Pushes go to each client's queue; nothing here reads the database, except once
/// after the feed grain restarted (a new epoch), to catch up on pushes that may have been lost.
/// </summary>
public sealed partial class StageAlertFeeds(IClusterClient cluster, ILogger<StageAlertFeeds> logger)
{
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(15);

    /// <summary>How far back a catch-up reads: rows committed out of timestamp order are still found.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, HospitalFeed> _feeds = [];
    private readonly Lock _lock = new();

    private IClusterClient Cluster => cluster;

    private ILogger Logger => logger;

    /// <summary>Connects a client to its hospital's feed; dispose the client to leave.</summary>
    public async Task<FeedClient> JoinAsync(Caller caller, CancellationToken cancellationToken)
    {
        HospitalFeed? feed;
        FeedClient client;
        lock (_lock)
        {
            if (!_feeds.TryGetValue(caller.TenantId, out feed))
            {
                feed = new HospitalFeed(this, caller);
                _feeds[caller.TenantId] = feed;
            }
            client = feed.Add();
        }
        try
        {
            await feed.Started.WaitAsync(cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return client;
    }

    /// <summary>Ends every subscription (the API is stopping); connected clients' streams end with the requests.</summary>
    public void StopAll()
    {
        List<HospitalFeed> feeds;
        lock (_lock)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }
        feeds.ForEach(f => _ = f.StopAsync());
    }

    private void Leave(HospitalFeed feed, FeedClient client)
    {
        lock (_lock)
        {
            if (!feed.Remove(client) || !_feeds.TryGetValue(feed.Caller.TenantId, out var current) || current != feed)
            {
                return;
            }
            _feeds.Remove(feed.Caller.TenantId);
        }
        _ = feed.StopAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the alert feed of {Hospital} failed; trying again")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string hospital);

    [LoggerMessage(Level = LogLevel.Information, Message = "The alert feed of {Hospital} restarted; caught up {Count} alerts from the read model")]
    private static partial void LogCaughtUp(ILogger logger, string hospital, int count);

    /// <summary>One hospital's subscription: the observer the feed grain pushes to, and the clients it fans out to.</summary>
    private sealed class HospitalFeed : IStageAlertObserver
    {
        private readonly StageAlertFeeds _owner;
        private readonly IStageAlertObserver _reference;
        private readonly CancellationTokenSource _stop = new();
        private ImmutableList<FeedClient> _clients = [];
        private Guid? _epoch;
        private DateTimeOffset _lastChange = DateTimeOffset.MinValue;

        public HospitalFeed(StageAlertFeeds owner, Caller caller)
        {
            _owner = owner;
            Caller = caller;
            _reference = owner.Cluster.CreateObjectReference<IStageAlertObserver>(this);
            Started = SubscribeAsync();
            _ = RenewAsync();
        }

        public Caller Caller { get; }

        public Task Started { get; }

        private IStageAlertFeedGrain Grain => _owner.Cluster.GetGrain<IStageAlertFeedGrain>(Caller.TenantId);

        public FeedClient Add()
        {
            var client = new FeedClient(c => _owner.Leave(this, c));
            _clients = _clients.Add(client);
            return client;
        }

        /// <summary>Removes a client; true when it was the last one.</summary>
        public bool Remove(FeedClient client)
        {
            _clients = _clients.Remove(client);
            return _clients.IsEmpty;
        }

        public Task OnAlerts(Guid epoch, ImmutableArray<StageAlertBoardItem> items)
        {
            Deliver(items);
            return Task.CompletedTask;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Grain.Unsubscribe(_reference, Caller);
            }
            catch (Exception)
            {
                // The subscription lapses on its own.
            }
            _owner.Cluster.DeleteObjectReference<IStageAlertObserver>(_reference);
        }

        private void Deliver(ImmutableArray<StageAlertBoardItem> items)
        {
            if (items.IsEmpty)
            {
                return;
            }
            lock (_stop)
            {
                var latest = items.Max(i => i.UpdatedAt);
                if (latest > _lastChange)
                {
                    _lastChange = latest;
                }
            }
            foreach (var client in _clients)
            {
                client.Offer(items);
            }
        }

        private async Task SubscribeAsync()
        {
            var subscription = await Grain.Subscribe(_reference, Caller);
            var restarted = _epoch is { } known && known != subscription.Epoch;
            _epoch = subscription.Epoch;
            if (restarted && _lastChange > DateTimeOffset.MinValue)
            {
                var missed = await _owner.Cluster.GetGrain<IStageAlertQueryGrain>(0).ChangedSince(_lastChange - LookBack, Caller);
                LogCaughtUp(_owner.Logger, Caller.TenantId, missed.Length);
                Deliver(missed);
            }
        }

        private async Task RenewAsync()
        {
            using var timer = new PeriodicTimer(Renew);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        await SubscribeAsync();
                    }
                    catch (Exception ex) when (!_stop.IsCancellationRequested)
                    {
                        LogRenewFailed(_owner.Logger, ex, Caller.TenantId);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}

/// <summary>
/// One connected client's queue of pushed alert changes. A client that falls <see cref="Capacity"/>
/// pushes behind is cut off (its stream ends) rather than holding memory; it reconnects with
/// <c>Last-Event-ID</c> and catches up.
/// </summary>
public sealed class FeedClient(Action<FeedClient> leave) : IDisposable
{
    public const int Capacity = 256;

    private readonly Channel<ImmutableArray<StageAlertBoardItem>> _queue = Channel.CreateBounded<ImmutableArray<StageAlertBoardItem>>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private int _disposed;

    public ChannelReader<ImmutableArray<StageAlertBoardItem>> Pushed => _queue.Reader;

    public void Offer(ImmutableArray<StageAlertBoardItem> items)
    {
        if (!_queue.Writer.TryWrite(items))
        {
            _queue.Writer.TryComplete(new InvalidOperationException("The client fell behind the alert feed."));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
            leave(this);
        }
    }
}
