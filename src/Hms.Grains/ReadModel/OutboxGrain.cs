using Microsoft.Extensions.Logging;

namespace Hms.ReadModel;

/// <summary>
/// Base of grains whose changes others query (ARCHITECTURE §4). A change and the read-model records
/// it owes are written to grain storage together; the records are then flushed to the read model.
/// A failed flush is retried by a timer and by a durable reminder until it succeeds; flushing twice
/// is harmless because every record is an idempotent upsert.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, IReadModelWriter readModel, ILogger logger)
    : Grain, IRemindable
    where TState : class, IOutboxState<TState>
{
    private const string OutboxReminder = "outbox";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _retryTimer;
    private bool _reminderArmed;

    protected TState State => state.State;

    /// <summary>The read model, for records written outside the outbox (failure traces).</summary>
    protected IReadModelWriter ReadModel => readModel;

    protected bool Exists => state.RecordExists;

    /// <summary>Saves <paramref name="next"/> with the records it owes, then flushes them.</summary>
    protected async Task SaveAsync(TState next, params ReadModelRecord[] records)
    {
        state.State = next.WithOutbox(next.Outbox.AddRange(records));
        await state.WriteStateAsync();
        await FlushOutboxAsync();
    }

    /// <summary>Keeps a change in memory only; the next <see cref="SaveAsync"/> persists it.</summary>
    protected void SetInMemory(TState next) => state.State = next;

    /// <summary>Writes the pending records to the read model; true when none remain.</summary>
    protected async Task<bool> FlushOutboxAsync()
    {
        var pending = state.State.Outbox;
        if (pending.IsEmpty)
        {
            return true;
        }
        try
        {
            await readModel.WriteAsync(pending);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Read-model flush of {Count} records for {Grain} failed; retrying", pending.Count, this.GetGrainId());
            await ArmRetryAsync();
            return false;
        }

        // Grain turns do not interleave, so the flushed records are still the outbox's prefix.
        // Dropping them in memory is enough: a crash before the next write only replays upserts.
        state.State = state.State.WithOutbox(state.State.Outbox.RemoveRange(0, pending.Count));
        await DisarmRetryAsync();
        return true;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (!state.State.Outbox.IsEmpty)
        {
            _reminderArmed = true; // a previous activation may have left the retry reminder behind
            await FlushOutboxAsync();
        }
    }

    public virtual async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == OutboxReminder)
        {
            _reminderArmed = true;
            await FlushOutboxAsync();
            return;
        }
        await OnReminder(reminderName, status);
    }

    /// <summary>Deadline reminders of the derived grain; the default drops reminders nobody owns.</summary>
    protected virtual async Task OnReminder(string reminderName, TickStatus status)
    {
        var orphan = await this.GetReminder(reminderName);
        if (orphan is not null)
        {
            await this.UnregisterReminder(orphan);
        }
    }

    private async Task ArmRetryAsync()
    {
        _retryTimer ??= this.RegisterGrainTimer(
            static (grain, _) => grain.FlushOutboxAsync(),
            this,
            new GrainTimerCreationOptions(FirstRetry, RetryPeriod) { KeepAlive = true });
        if (_reminderArmed)
        {
            return;
        }
        try
        {
            await this.RegisterOrUpdateReminder(OutboxReminder, RetryPeriod, RetryPeriod);
            _reminderArmed = true;
        }
        catch (Exception ex)
        {
            // The database is likely down; the timer keeps retrying while this activation lives.
            logger.LogWarning(ex, "Could not arm the outbox retry reminder for {Grain}", this.GetGrainId());
        }
    }

    private async Task DisarmRetryAsync()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        if (!_reminderArmed)
        {
            return;
        }
        var reminder = await this.GetReminder(OutboxReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderArmed = false;
    }
}
