using System.Collections.Immutable;
using Hms.Common;
using Hms.Deadlines;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.KpiAlerts;

/// <summary>
/// One KPI alert with its next deadline as a reminder of its own instead of a 5-minute sweep with row
/// locks: a schedule holds <c>occurrence</c> at its next occurrence, a
/// threshold holds <c>evaluate</c> at its next evaluation. An occurrence is claimed in state (the
/// deadline moved on) before its mail goes out, so a duplicate or late tick finds nothing due and an
/// outage's missed occurrences run once. The work of a run is in <c>KpiAlertGrain.Runs.cs</c>.
/// </summary>
public sealed partial class KpiAlertGrain(
    [PersistentState("kpiAlert", StoreNames.Hms)] IPersistentState<KpiAlertState> state,
    GrainServices services,
    IKpiSource source,
    IReportMailer mailer,
    ISecretBox secrets,
    ILogger<KpiAlertGrain> logger)
    : DeadlineGrain<KpiAlertState>(state, services, logger), IKpiAlertGrain
{
    public const string MaskedToken = "********";

    private DeadlineTable? _table;

    private Guid Id => this.GetPrimaryKey();

    protected override DeadlineTable Table => _table ??= new DeadlineTable()
        .On(KpiAlertRules.Occurrence, (dueAt, source) => RunOccurrenceAsync(State.Alert!, dueAt, source))
        .On(KpiAlertRules.Retry, (_, source) => RetryAsync(State.Retry!, source))
        .On(KpiAlertRules.Evaluate, (_, _) => EvaluateAsync(State.Alert!, onDeadline: true));

    protected override string? TenantId => State.Alert?.TenantId;

    protected override DeadlineSet DeadlinesOf(KpiAlertState state) => KpiAlertRules.Deadlines(state.Alert, state.Retry);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.InFlight is { } cut)
        {
            // The activation that claimed this run died before recording its outcome: the mail may or may
            // not have gone out, and sending it again could send it twice.
            var failed = cut with { Status = KpiRunStatus.FAILED, Error = "Interrupted: the silo stopped while this run was sending; not resent." };
            await SaveAlertAsync(State with { InFlight = null }, [new KpiRunRow(failed)], []);
        }
        if (State.Alert is { Definition.Source.Token: { } token } stored && !ISecretBox.IsSealed(token))
        {
            // Stored in clear by an earlier version: sealed now.
            await SaveAlertAsync(State with { Alert = stored with { Definition = Sealed(stored.Definition) } }, [], []);
        }
    }

    public async Task<KpiAlertView> Create(KpiAlertDefinition definition, Caller caller)
    {
        if (State.Alert is not null || State.Deleted)
        {
            throw Errors.Conflict("alert_exists", "This alert already exists.");
        }
        var d = Sealed(EnsureAllowed(KpiAlertRules.EnsureValid(definition)));
        var alert = new KpiAlertView(Id, caller.TenantId, d, KpiAlertRules.FirstRun(d, Now), LastOccurrence: null,
            d.Type == KpiAlertType.threshold ? ThresholdStatus.Initial : null, Now, caller.UserId, Now);
        await SaveAlertAsync(State with { Alert = alert }, [], Watches(null, alert));
        await HandleDueNowAsync();
        return Public(State.Alert!);
    }

    public Task<KpiAlertView> Get(Caller caller) => Task.FromResult(Public(Visible(caller)));

    public async Task<KpiAlertView> Change(ChangeKpiAlert command, Caller caller)
    {
        var current = Visible(caller);
        var before = current.Definition;
        var d = Sealed(EnsureAllowed(KpiAlertRules.EnsureValid(before with
        {
            Name = command.Name ?? before.Name,
            DashboardId = command.DashboardId ?? before.DashboardId,
            GraphId = command.GraphId ?? before.GraphId,
            Metric = command.Metric ?? before.Metric,
            Recipients = command.Recipients ?? before.Recipients,
            IsActive = command.IsActive ?? before.IsActive,
            Source = command.Source is { } changed ? KeepToken(changed, before.Source) : before.Source,
            Schedule = command.Schedule ?? before.Schedule,
            Threshold = command.Threshold ?? before.Threshold,
        })));
        var timingChanged = d.IsActive != before.IsActive || d.Schedule != before.Schedule || d.Threshold != before.Threshold;
        var readingChanged = !d.IsActive || d.Metric != before.Metric || d.Source != before.Source || d.Threshold != before.Threshold;
        var next = current with
        {
            Definition = d,
            // Pausing disarms; resuming or a new schedule re-arms from now.
            NextRunAt = !d.IsActive ? null : timingChanged || current.NextRunAt is null ? KpiAlertRules.FirstRun(d, Now) : current.NextRunAt,
            Threshold = d.Type == KpiAlertType.threshold && readingChanged ? ThresholdStatus.Initial : current.Threshold,
            UpdatedAt = Now,
        };
        // A new schedule, a pause or a resume drops a pending retry: the next occurrence reports afresh.
        await SaveAlertAsync(State with { Alert = next, Retry = timingChanged ? null : State.Retry }, [], Watches(current, next));
        await HandleDueNowAsync();
        return Public(State.Alert!);
    }

    public async Task Delete(Caller caller)
    {
        var current = Visible(caller);
        var next = State with { Alert = null, Deleted = true, Version = State.Version + 1 };
        await SaveAsync(next, [new KpiAlertDeletedRow(Id)], Watches(current, null));
    }

    public Task<ImmutableArray<DateTimeOffset>> Next(int count, Caller caller)
    {
        var alert = Visible(caller);
        if (alert.Definition.Schedule is { } s)
        {
            return Task.FromResult(ScheduleOccurrences.Upcoming(s.Schedule, Now, count).ToImmutableArray());
        }
        var every = alert.Definition.Threshold!.EvaluateEveryMinutes;
        var first = alert.NextRunAt ?? Now.AddMinutes(every);
        return Task.FromResult(Enumerable.Range(0, count).Select(i => first.AddMinutes(i * every)).ToImmutableArray());
    }

    public async Task<KpiRun> RunNow(Caller caller)
    {
        var alert = Visible(caller);
        var test = NewRun(alert, KpiRunKind.TEST, Now);
        var (run, report) = alert.Definition.Type == KpiAlertType.schedule
            ? await SendReportAsync(alert, test, gate: false)
            : (await SendTestNoticeAsync(alert, test), null);
        await SaveAlertAsync(State, [KpiRunRow.Of(run, report)], []);
        return run;
    }

    public async Task OnMetricValue(string tenantId, string metric)
    {
        if (State.Alert is not { Definition: { IsActive: true, Type: KpiAlertType.threshold, Source.Kind: KpiSourceKind.BUILT_IN } d } alert
            || alert.TenantId != tenantId || d.Metric != metric)
        {
            return;
        }
        try
        {
            await EvaluateAsync(alert, onDeadline: false);
            await HandleDueNowAsync();
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "KPI alert {AlertId}: evaluating a new value of {Metric} failed; its deadline evaluates again", Id, metric);
        }
    }

    private async Task SaveAlertAsync(KpiAlertState changed, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var next = changed with { Version = State.Version + 1 };
        ReadModelRecord[] rows = next.Alert is null ? [.. records] : [new KpiAlertRow(Public(next.Alert), next.Version), .. records];
        await SaveAsync(next, rows, effects);
    }

    /// <summary>Threshold alerts on the built-in store are told of each new value of their metric.</summary>
    private static IReadOnlyList<Effect> Watches(KpiAlertView? before, KpiAlertView? after)
    {
        static (string Tenant, string Metric)? Watched(KpiAlertView? a) =>
            a is { Definition: { IsActive: true, Type: KpiAlertType.threshold, Source.Kind: KpiSourceKind.BUILT_IN } d } ? (a.TenantId, d.Metric) : null;
        var (from, to) = (Watched(before), Watched(after));
        if (from == to)
        {
            return [];
        }
        List<Effect> effects = [];
        if (from is { } old)
        {
            effects.Add(new WatchKpiMetric(old.Tenant, old.Metric, before!.Id, Watching: false));
        }
        if (to is { } now)
        {
            effects.Add(new WatchKpiMetric(now.Tenant, now.Metric, after!.Id, Watching: true));
        }
        return effects;
    }

    private KpiAlertDefinition EnsureAllowed(KpiAlertDefinition d) => source.Allows(d.Source) ? d
        : throw Errors.BadRequest("source_not_allowed", $"This installation does not read KPI values from {new Uri(d.Source.BaseUrl!).Host}.");

    /// <summary>The definition as stored: a source token only ever sealed (<see cref="ISecretBox"/>).</summary>
    private KpiAlertDefinition Sealed(KpiAlertDefinition d) =>
        d.Source.Token is { } token ? d with { Source = d.Source with { Token = secrets.Seal(token) } } : d;

    /// <summary>A PATCH of a CUBE source without a token, or with the same one again, keeps the one stored.</summary>
    private KpiSource KeepToken(KpiSource changed, KpiSource before)
    {
        if (changed.Kind != KpiSourceKind.CUBE || before.Kind != KpiSourceKind.CUBE)
        {
            return changed;
        }
        if (changed.Token is null or MaskedToken)
        {
            return changed with { Token = before.Token };
        }
        return before.Token is { } stored && secrets.Holds(stored, changed.Token) ? changed with { Token = stored } : changed;
    }

    /// <summary>The alert as callers and lists see it: the source token never leaves the grain.</summary>
    private static KpiAlertView Public(KpiAlertView alert) => alert.Definition.Source.Token is null ? alert
        : alert with { Definition = alert.Definition with { Source = alert.Definition.Source with { Token = MaskedToken } } };

    private KpiAlertView Visible(Caller caller) =>
        State.Alert is { } alert && alert.TenantId == caller.TenantId ? alert : throw Errors.NotFound("alert_not_found", "No such KPI alert.");
}
