using System.Collections.Immutable;
using System.Text.Json;
using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hms.Retention;

[GenerateSerializer, Alias("Hms.RetentionState")]
public sealed record class RetentionState : IOutboxState<RetentionState>
{
    [Id(0)] public string? TimeZone { get; init; }
    [Id(1)] public DateTimeOffset? NextTrimAt { get; init; }
    [Id(2)] public DateTimeOffset? LastTrimmedAt { get; init; }
    [Id(3)] public ImmutableDictionary<string, long> LastTrimmed { get; init; } = ImmutableDictionary<string, long>.Empty;
    [Id(4)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public RetentionState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// A tenant's daily history trim (<see cref="IRetentionGrain"/>) on the deadline pattern: one deadline,
/// the next <see cref="RetentionOptions.LocalTime"/> in the tenant's zone. Its handler trims through
/// <see cref="IHistoryTrimmer"/> (deletes are idempotent, so a crash mid-way is finished by the retry),
/// records a RETENTION_TRIM job run with the rows removed per table, and moves the deadline to the next day.
/// </summary>
public sealed class RetentionGrain(
    [PersistentState("retention", StoreNames.Hms)] IPersistentState<RetentionState> state,
    IHistoryTrimmer trimmer,
    IOptions<RetentionOptions> options,
    GrainServices services,
    ILogger<RetentionGrain> logger) : DeadlineGrain<RetentionState>(state, services, logger), IRetentionGrain
{
    public static readonly JobName Job = new("RETENTION_TRIM");

    private static readonly DeadlineKind Trim = new("trim", Job);

    private DeadlineTable? _table;

    private string TenantKey => this.GetPrimaryKeyString();

    protected override DeadlineTable Table => _table ??= new DeadlineTable().On(Trim, TrimAsync);

    protected override string? TenantId => State.TimeZone is null ? null : TenantKey;

    protected override DeadlineSet DeadlinesOf(RetentionState state) => DeadlineSet.Of((Trim, state.NextTrimAt));

    public async Task Keep(string timeZone)
    {
        if (State.TimeZone == timeZone && State.NextTrimAt is not null)
        {
            return;
        }
        var zone = ZonedTime.FindIana(timeZone) ?? throw Errors.BadRequest("invalid_time_zone", $"'{timeZone}' is not an IANA time zone.");
        await CommitAsync(State with { TimeZone = timeZone, NextTrimAt = NextTrim(Now, zone) }, [], []);
    }

    public Task<RetentionView> Get() => Task.FromResult(new RetentionView(State.TimeZone, State.NextTrimAt, State.LastTrimmedAt, State.LastTrimmed));

    /// <summary>The first trim instant strictly after <paramref name="after"/>: the configured local time, today or tomorrow.</summary>
    private DateTimeOffset NextTrim(DateTimeOffset after, TimeZoneInfo zone)
    {
        var today = ZonedTime.Today(after, zone);
        var at = ZonedTime.ToInstant(today, options.Value.LocalTime, zone);
        return at > after ? at : ZonedTime.ToInstant(today.AddDays(1), options.Value.LocalTime, zone);
    }

    private async Task TrimAsync(DateTimeOffset dueAt, RunSource source)
    {
        var started = Now;
        var trimmed = (await trimmer.TrimAsync(TenantKey, started)).ToImmutableDictionary();
        var total = trimmed.Values.Sum();
        var run = JobRuns.Handled(new JobRunOf(Job, TenantKey, source), dueAt, started, Now, (int)Math.Min(total, int.MaxValue),
            JsonSerializer.Serialize(new { removed = trimmed }));
        await SaveAsync(State with
        {
            NextTrimAt = NextTrim(Now, ZonedTime.Zone(State.TimeZone!)),
            LastTrimmedAt = started,
            LastTrimmed = trimmed,
        }, [run], []);
        Logger.LogInformation("History of {Tenant} trimmed: {Total} rows ({Tables})", TenantKey, total,
            string.Join(", ", trimmed.Where(t => t.Value > 0).Select(t => $"{t.Key} {t.Value}")));
    }
}

/// <summary>How a tenant's own grain starts its history retention.</summary>
public static class HistoryRetention
{
    /// <summary>Starts (or confirms) the daily trim of <paramref name="tenantId"/>'s history; a failure is logged and tried again on the tenant grain's next activation.</summary>
    public static async Task KeepAsync(IGrainFactory grains, string tenantId, string timeZone, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IRetentionGrain>(tenantId).Keep(timeZone);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Starting the history retention of {Tenant} failed; its next activation tries again", tenantId);
        }
    }
}
