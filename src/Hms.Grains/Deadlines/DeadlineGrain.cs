using System.Collections.Immutable;
using Hms.Common;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Deadlines;

/// <summary>
/// The deadline pattern (ARCHITECTURE §5) for any grain whose state implies deadlines: the pending
/// deadlines are a pure function of the state, one reminder per kind fires at each, and the handler
/// re-reads state and clock, so duplicate, late or skipped ticks never change the outcome. A change
/// saved through <see cref="SaveWithDeadlinesAsync"/> arms what it adds or moves before the write,
/// disarms what it ends after it, and handles at once whatever is already due.
/// </summary>
public abstract class DeadlineGrain<TState>(IPersistentState<TState> state, GrainServices services, ILogger logger)
    : OutboxGrain<TState>(state, services, logger)
    where TState : class, IOutboxState<TState>
{
    /// <summary>Set while deadlines are being handled, so a change made by a handler does not start another round.</summary>
    private bool _handling;

    /// <summary>The reminder names this grain's deadlines use.</summary>
    protected abstract IReadOnlyCollection<string> DeadlineKinds { get; }

    /// <summary>The deadlines <paramref name="state"/> implies, by kind (UTC instants).</summary>
    protected abstract ImmutableDictionary<string, DateTimeOffset> DeadlinesOf(TState state);

    /// <summary>Applies the rule of one due deadline; it must leave a state in which that deadline is gone.</summary>
    protected abstract Task ApplyDeadlineAsync(string kind, DateTimeOffset dueAt, string source);

    /// <summary>The job name runs of a deadline kind are recorded under.</summary>
    protected abstract string JobNameOf(string kind);

    /// <summary>The tenant the grain belongs to, for failed runs; null while the grain holds nothing.</summary>
    protected abstract string? TenantId { get; }

    protected ImmutableDictionary<string, DateTimeOffset> Deadlines => DeadlinesOf(State);

    protected override async Task OnReminder(string reminderName, TickStatus status)
    {
        if (!DeadlineKinds.Contains(reminderName))
        {
            await base.OnReminder(reminderName, status);
            return;
        }
        try
        {
            await DrainOutboxAsync();
            await HandleDueAsync(RunSources.Reminder, tick: reminderName);
        }
        catch (Exception ex)
        {
            // The reminder stays registered: its next tick retries against the same state.
            var job = JobNameOf(reminderName);
            HmsMetrics.DeadlineFailed(job);
            Logger.LogError(ex, "Handling the {Kind} deadline of {Grain} failed; the reminder retries", reminderName, this.GetGrainId());
            await RecordFailedRunAsync(job, reminderName, ex);
        }
    }

    /// <summary>
    /// Handles every deadline whose instant has passed, earliest first, re-reading state and clock
    /// each round; a handled deadline leaves the state, so a duplicate or late tick finds nothing.
    /// </summary>
    protected async Task<int> HandleDueAsync(string source, string? tick)
    {
        var handled = 0;
        if (!_handling)
        {
            _handling = true;
            try
            {
                while (Deadlines.Where(d => d.Value <= Now).OrderBy(d => d.Value).FirstOrDefault() is { Key: { } kind } due)
                {
                    await ApplyDeadlineAsync(kind, due.Value, source);
                    handled++;
                }
            }
            finally
            {
                _handling = false;
            }
        }
        if (tick is not null && !Deadlines.ContainsKey(tick) && State.Outbox.Effects.IsEmpty)
        {
            await DisarmAsync(tick); // a duplicate, late or orphaned tick: nothing left to guard
        }
        return handled;
    }

    /// <summary>
    /// Saves <paramref name="next"/> with what it owes and keeps the reminders in step with the
    /// deadlines it leaves: new or moved deadlines are armed before the write, deadlines that ended
    /// are disarmed after it once the change's effects are applied (until then their reminders retry
    /// the effects), and a deadline already past is handled at once.
    /// </summary>
    protected async Task SaveWithDeadlinesAsync(TState next, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var before = Deadlines;
        var after = DeadlinesOf(next);
        foreach (var (kind, dueAt) in after)
        {
            if (!before.TryGetValue(kind, out var armedFor) || armedFor != dueAt)
            {
                await ArmAsync(kind, dueAt);
            }
        }
        await SaveAsync(next, records, effects, effectsGuarded: before.Count + after.Count > 0);
        if (State.Outbox.Effects.IsEmpty)
        {
            foreach (var ended in before.Keys.Except(after.Keys))
            {
                await DisarmAsync(ended);
            }
        }
        if (after.Values.Any(dueAt => dueAt <= Now))
        {
            await HandleDueAsync(RunSources.Reminder, tick: null);
        }
    }

    /// <summary>One reminder per deadline kind: first tick at the deadline, then every retry period.</summary>
    protected Task ArmAsync(string kind, DateTimeOffset dueAt)
    {
        var dueIn = dueAt - Now;
        return this.RegisterOrUpdateReminder(kind, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Services.RetryPeriod);
    }

    protected async Task DisarmAsync(string kind)
    {
        var reminder = await this.GetReminder(kind);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Called after a failed run is recorded (e.g. to watch for a streak of failures).</summary>
    protected virtual Task OnRunFailedAsync(string tenantId, string job, string error) => Task.CompletedTask;

    private async Task RecordFailedRunAsync(string job, string kind, Exception error)
    {
        if (TenantId is not { } tenantId)
        {
            return;
        }
        try
        {
            HmsMetrics.JobRun(job, JobRuns.Failed);
            await Services.ReadModel.WriteAsync([new JobRunRow(Guid.NewGuid(), job, tenantId, JobRuns.Failed, Now, Now, 0, 0,
                error.Message, RunSources.Reminder, this.GetPrimaryKey().ToString(), Deadlines.TryGetValue(kind, out var dueAt) ? dueAt : null, null)]);
            await OnRunFailedAsync(tenantId, job, error.Message);
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Recording the failed {Job} run of {Grain} failed", job, this.GetGrainId());
        }
    }
}
