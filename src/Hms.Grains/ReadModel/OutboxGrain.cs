using Hms.Common;
using Microsoft.Extensions.Logging;

namespace Hms.ReadModel;

/// <summary>
/// Base of grains whose changes others depend on. A change is written to grain
/// storage together with what it owes: read-model rows and effects on other grains. Then the rows
/// are flushed to the read model as one batch and the effects applied in order. Anything that
/// fails is retried by a timer and by a durable "outbox" reminder until it succeeds; rows are
/// idempotent upserts and effects idempotent calls, so doing them twice is harmless.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, GrainServices services, ILogger logger)
    : Grain, IRemindable
    where TState : class, IOutboxState<TState>
{
    private const string OutboxReminder = "outbox";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);

    private IGrainTimer? _retryTimer;
    private bool _reminderArmed;

    protected TState State => state.State;

    protected bool Exists => state.RecordExists;

    protected GrainServices Services => services;

    protected ILogger Logger => logger;

    protected DateTimeOffset Now => services.Clock.GetUtcNow();

    /// <summary>Saves <paramref name="next"/> with the rows it owes the read model, then flushes them.</summary>
    protected Task SaveAsync(TState next, params ReadModelRecord[] records) => SaveAsync(next, records, []);

    /// <summary>Saves <paramref name="next"/> with the rows and effects it owes, then flushes the rows and applies the effects.</summary>
    protected virtual Task SaveAsync(TState next, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects) =>
        WriteAsync(next, records, effects, effectsGuarded: false);

    /// <summary>
    /// The write behind every save. When there are effects, the retry reminder is armed before the
    /// write, so a crash right after it still gets them applied — unless <paramref name="effectsGuarded"/>
    /// says a reminder of the grain's own, which drains the outbox on each tick, is already armed.
    /// </summary>
    private protected async Task WriteAsync(TState next, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects,
        bool effectsGuarded)
    {
        effects = [.. effects, .. records.SelectMany(r => r.Implied)];
        if (effects.Count > 0 && !effectsGuarded)
        {
            await ArmReminderAsync();
        }
        var previous = state.State;
        var outbox = next.Outbox;
        state.State = next.WithOutbox(outbox with
        {
            Records = outbox.Records.AddRange(records),
            Effects = outbox.Effects.AddRange(effects),
        });
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Storage refused the change: the grain must not act on, or show, what was never saved.
            state.State = previous;
            throw;
        }
        await DrainOutboxAsync();
    }

    /// <summary>
    /// Takes <paramref name="next"/> as the grain's state in memory only, for a grain whose durable
    /// copy of it lives elsewhere (a read-model row it has just written and loads again on activation).
    /// </summary>
    protected void Adopt(TState next) => state.State = next;

    /// <summary>Applies one effect; called in order, and again after a failure. A grain may apply kinds of its own first.</summary>
    protected virtual Task ApplyEffectAsync(Effect effect) => effect.ApplyAsync(GrainFactory, this.GetGrainId());

    /// <summary>Flushes the rows and applies the effects still owed; true when nothing remains.</summary>
    protected async Task<bool> DrainOutboxAsync()
    {
        var done = await FlushRecordsAsync() && await ApplyEffectsAsync();
        if (done)
        {
            await DisarmRetryAsync();
        }
        else
        {
            await ArmRetryAsync();
        }
        return done;
    }

    private async Task<bool> FlushRecordsAsync()
    {
        var pending = state.State.Outbox.Records;
        if (pending.IsEmpty)
        {
            return true;
        }
        try
        {
            await services.ReadModel.WriteAsync(pending);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Read-model flush of {Count} rows for {Grain} failed; retrying", pending.Count, this.GetGrainId());
            return false;
        }
        // Grain turns do not interleave, so the flushed rows are still the outbox's prefix.
        // Dropping them in memory is enough: a crash before the next write only replays upserts.
        var outbox = state.State.Outbox;
        state.State = state.State.WithOutbox(outbox with { Records = outbox.Records.RemoveRange(0, pending.Count) });
        return true;
    }

    private async Task<bool> ApplyEffectsAsync()
    {
        while (!state.State.Outbox.Effects.IsEmpty)
        {
            var effect = state.State.Outbox.Effects[0];
            try
            {
                await ApplyEffectAsync(effect);
            }
            catch (DomainException refused)
            {
                // A rule refused it: retrying cannot succeed, so it is dropped and logged.
                logger.LogError(refused, "Effect {Effect} of {Grain} was refused ({Code}); dropped", effect.GetType().Name,
                    this.GetGrainId(), refused.Code);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Effect {Effect} of {Grain} failed; retrying", effect.GetType().Name, this.GetGrainId());
                return false;
            }
            var outbox = state.State.Outbox;
            state.State = state.State.WithOutbox(outbox with { Effects = outbox.Effects.Remove(effect) });
        }
        return true;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (!state.State.Outbox.IsEmpty)
        {
            _reminderArmed = true; // a previous activation may have left the retry reminder behind
            await DrainOutboxAsync();
        }
    }

    public virtual async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == OutboxReminder)
        {
            _reminderArmed = true;
            await DrainOutboxAsync();
            return;
        }
        await OnReminder(reminderName, status);
    }

    /// <summary>Deadline reminders of the derived grain; the default drops reminders nobody owns.</summary>
    protected virtual Task OnReminder(string reminderName, TickStatus status) => this.UnregisterReminderIfAny(reminderName);

    private async Task ArmRetryAsync()
    {
        _retryTimer ??= this.RegisterGrainTimer(
            static (grain, _) => grain.DrainOutboxAsync(),
            this,
            new GrainTimerCreationOptions(FirstRetry, services.RetryPeriod) { KeepAlive = true });
        if (_reminderArmed)
        {
            return;
        }
        try
        {
            await ArmReminderAsync();
        }
        catch (Exception ex)
        {
            // The database is likely down; the timer keeps retrying while this activation lives.
            logger.LogWarning(ex, "Could not arm the outbox retry reminder for {Grain}", this.GetGrainId());
        }
    }

    private async Task ArmReminderAsync()
    {
        if (!_reminderArmed)
        {
            await this.RegisterOrUpdateReminder(OutboxReminder, services.RetryPeriod, services.RetryPeriod);
            _reminderArmed = true;
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
        await this.UnregisterReminderIfAny(OutboxReminder);
        _reminderArmed = false;
    }
}
