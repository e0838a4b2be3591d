using Hms.Common;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Deadlines;

/// <summary>
/// The deadline pattern for any grain whose state implies deadlines (docs/architecture.md): the
/// pending deadlines are a pure function of the state (<see cref="DeadlinesOf"/>), derived once per
/// saved change; one reminder per kind fires at each, and its handler re-reads state and clock, so
/// duplicate, late or skipped ticks never change the outcome.
/// <para>A tick goes: reminder → <see cref="OnReminder"/> → the grain's <see cref="Table"/> → the
/// kind's handler → one <see cref="SaveAsync"/>. A save arms what the change adds or moves before
/// the write and disarms what it ends after it; it never handles anything itself. A change made on
/// request goes through <see cref="CommitAsync"/>, which then handles at once whatever is already due.</para>
/// <para>While the grain is active it also wakes itself with a grain timer at its earliest deadline and
/// handles it as the reminder tick would: the tick does not wait in the silo's one reminder queue behind
/// the other ticks due at the same instant. The reminder stays the durable path (a collected or crashed
/// activation takes its timer with it); whichever comes second finds nothing due.</para>
/// </summary>
public abstract class DeadlineGrain<TState>(IPersistentState<TState> state, GrainServices services, ILogger logger)
    : OutboxGrain<TState>(state, services, logger)
    where TState : class, IOutboxState<TState>
{
    private readonly Dictionary<string, IGrainReminder> _armed = [];
    private readonly HashSet<string> _disarmed = [];
    private DeadlineSet _pending = DeadlineSet.None;
    private IGrainTimer? _wake;

    /// <summary>
    /// How far ahead an active grain sets its wake-up timer (a timer cannot wait 50 days). An idle grain
    /// is collected after 15 minutes by default and takes its timer with it; only a grain kept busy
    /// until its deadline is woken by it.
    /// </summary>
    private static readonly TimeSpan WakeHorizon = TimeSpan.FromDays(1);

    /// <summary>The kinds of deadline this grain holds, each with its handler.</summary>
    protected abstract DeadlineTable Table { get; }

    /// <summary>The deadlines <paramref name="state"/> implies.</summary>
    protected abstract DeadlineSet DeadlinesOf(TState state);

    /// <summary>The tenant the grain belongs to, for failed runs; null while the grain holds nothing.</summary>
    protected abstract string? TenantId { get; }

    /// <summary>The deadlines of the saved state.</summary>
    protected DeadlineSet Pending => _pending;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pending = DeadlinesOf(State);
        WakeAtNextDeadline();
        return base.OnActivateAsync(cancellationToken);
    }

    protected sealed override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (Table.Find(reminderName) is not { } kind)
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        try
        {
            await HandleWokenAsync("reminder");
        }
        catch (Exception ex)
        {
            // The reminder stays registered: its next tick retries against the same state.
            Logger.LogError(ex, "Handling the {Kind} deadline of {Grain} failed; the reminder retries", kind, this.GetGrainId());
            await RecordFailedRunAsync(kind, ex);
            return;
        }
        if (!_pending.ContainsKey(kind) && State.Outbox.Effects.IsEmpty && !_disarmed.Contains(kind.Name))
        {
            await DisarmAsync(kind); // a duplicate, late or orphaned tick: nothing left to guard
        }
    }

    /// <summary>What a reminder tick or the wake-up timer does: the outbox first, then whatever is due, counted by what woke the grain.</summary>
    private async Task HandleWokenAsync(string by)
    {
        await DrainOutboxAsync();
        HmsMetrics.DeadlinesWoken(by, await HandleDueAsync(RunSource.Reminder));
    }

    /// <summary>Handles every deadline due now, earliest first; how many were handled.</summary>
    protected async Task<int> HandleDueAsync(RunSource source)
    {
        var handled = 0;
        while (_pending.NextDue(Now) is var (kind, dueAt))
        {
            await Table.HandleAsync(kind, dueAt, source);
            if (_pending.TryGetValue(kind, out var still) && still <= dueAt)
            {
                throw new InvalidOperationException($"The {kind} handler of {GetType().Name} left its deadline due.");
            }
            handled++;
        }
        return handled;
    }

    /// <summary>
    /// Saves a change with what it owes: new or moved deadlines are armed before the write, rows that
    /// show deadlines get the new set, and deadlines that ended are disarmed after the write once the
    /// change's effects are applied (until then their reminders retry the effects).
    /// </summary>
    protected sealed override async Task SaveAsync(TState next, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var before = _pending;
        var after = DeadlinesOf(next);
        foreach (var (kind, dueAt) in after.NewSince(before))
        {
            await ArmAsync(kind, dueAt);
        }
        var pending = after.ByName;
        records = [.. records.Select(r => r is IShowsDeadlines row ? row.WithDeadlines(pending) : r)];
        await WriteAsync(next, records, effects, effectsGuarded: !before.IsEmpty || !after.IsEmpty);
        _pending = after;
        WakeAtNextDeadline();
        if (State.Outbox.Effects.IsEmpty)
        {
            foreach (var ended in after.EndedSince(before))
            {
                await DisarmAsync(ended);
            }
        }
    }

    /// <summary>Saves a change made on request, then handles at once whatever it left due (a deadline already past when its condition starts).</summary>
    protected async Task CommitAsync(TState next, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        await SaveAsync(next, records, effects);
        await HandleDueNowAsync();
    }

    /// <summary>Handles whatever is due now, as its reminder would.</summary>
    protected async Task HandleDueNowAsync()
    {
        if (_pending.NextDue(Now) is not null)
        {
            await HandleDueAsync(RunSource.Reminder);
        }
    }

    /// <summary>One reminder per deadline kind: first tick at the deadline, then every retry period.</summary>
    protected async Task ArmAsync(DeadlineKind kind, DateTimeOffset dueAt)
    {
        var dueIn = dueAt - Now;
        _armed[kind.Name] = await this.RegisterOrUpdateReminder(kind.Name, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Services.RetryPeriod);
        _disarmed.Remove(kind.Name);
    }

    /// <summary>
    /// Removes the kind's reminder: by the handle this activation armed it with, without reading it
    /// back first; looked up when this activation did not arm it or the handle went stale. A kind
    /// removed in this activation and not armed since is not looked up again by a late tick.
    /// </summary>
    protected async Task DisarmAsync(DeadlineKind kind)
    {
        if (_armed.Remove(kind.Name, out var armed))
        {
            try
            {
                await this.UnregisterReminder(armed);
                _disarmed.Add(kind.Name);
                return;
            }
            catch (ReminderException ex)
            {
                Logger.LogDebug(ex, "The {Kind} reminder of {Grain} changed since it was armed; looking it up", kind, this.GetGrainId());
            }
        }
        await this.UnregisterReminderIfAny(kind.Name);
        _disarmed.Add(kind.Name);
    }

    /// <summary>Sets the wake-up timer to the earliest pending deadline within <see cref="WakeHorizon"/>, or stops it.</summary>
    private void WakeAtNextDeadline()
    {
        if (!Services.WakeActiveGrains || _pending.IsEmpty || _pending.Values.Min() - Now is var until && until > WakeHorizon)
        {
            _wake?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        // Whole milliseconds, rounded up: a timer never fires before the deadline it is for.
        var dueIn = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(until.TotalMilliseconds, 0)));
        if (_wake is null)
        {
            _wake = this.RegisterGrainTimer(static (grain, _) => grain.WakeAsync(), this,
                new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _wake.Change(dueIn, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// What the reminder tick does, on the grain's own timer. A failure is left to the reminder, which
    /// retries at its period and records the failed run: the timer is not set again for a deadline
    /// already past, or it would retry at once, over and over.
    /// </summary>
    private async Task WakeAsync()
    {
        try
        {
            await HandleWokenAsync("grain_timer");
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Handling a deadline of {Grain} on its wake-up failed; its reminder retries", this.GetGrainId());
            _wake?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        WakeAtNextDeadline();
    }

    private async Task RecordFailedRunAsync(DeadlineKind kind, Exception error)
    {
        if (TenantId is not { } tenantId)
        {
            HmsMetrics.DeadlineFailed(kind.Job);
            return;
        }
        try
        {
            var dueAt = _pending.TryGetValue(kind, out var at) ? at : (DateTimeOffset?)null;
            // The run's subject: the grain's key (a Guid as the read model writes ids, else the string key).
            var subject = this.GetGrainId().TryGetGuidKey(out var id, out _) ? id.ToString() : this.GetPrimaryKeyString();
            await Services.ReadModel.WriteAsync([JobRuns.Failed(new JobRunOf(kind.Job, tenantId, RunSource.Reminder, subject),
                dueAt, Now, error.Message)]);
            if (kind.Family is { } family)
            {
                await GrainFactory.GetGrain<IJobFailureWatchGrain>(JobFailureWatchGrain.Key(family, tenantId)).RunFailed(family, kind.Job, error.Message);
            }
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Recording the failed {Job} run of {Grain} failed", kind.Job, this.GetGrainId());
        }
    }
}
