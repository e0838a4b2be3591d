using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

/// <summary>A failed scheduled run waiting for its next attempt.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelJobRetry")]
public sealed record class HotelJobRetry(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] Guid RunId,
    [property: Id(3)] DateTimeOffset Occurrence);

/// <summary>One job of the hotel: its schedule, the instant its next run is counted from, its last run, a pending retry.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelJobState")]
public sealed record class HotelJobState(
    [property: Id(0)] HotelJobSchedule Schedule,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] Guid? LastRunId,
    [property: Id(3)] JobStatus? LastStatus,
    [property: Id(4)] DateTimeOffset? LastRunAt,
    [property: Id(5)] HotelJobRetry? Retry);

[GenerateSerializer, Alias("Hms.HotelJobsState")]
public sealed record class HotelJobsState : IOutboxState<HotelJobsState>
{
    [Id(0)] public string? TimeZone { get; init; }
    [Id(1)] public ImmutableDictionary<JobName, HotelJobState> Jobs { get; init; } = ImmutableDictionary<JobName, HotelJobState>.Empty;
    [Id(2)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public HotelJobsState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// A hotel's scheduled jobs (<see cref="IHotelJobsGrain"/>) on the deadline pattern: each job is one
/// deadline — its pending retry, or else its next run in the hotel's zone while enabled. A run writes its
/// execution RUNNING first (same id when a crash makes it run again), then COMPLETED or FAILED with the
/// job's result; a failed scheduled run gets its next attempt as a PENDING execution after 1, 5 and 15
/// minutes, and after the last the hotel's admins are told. Runs of one hotel never wait on another's.
/// </summary>
public sealed partial class HotelJobsGrain(
    [PersistentState("hotelJobs", StoreNames.Hms)] IPersistentState<HotelJobsState> state,
    IHotelReader reader,
    GrainServices services,
    ILogger<HotelJobsGrain> logger) : DeadlineGrain<HotelJobsState>(state, services, logger), IHotelJobsGrain
{
    private static readonly ImmutableDictionary<JobName, DeadlineKind> Kinds =
        HotelJobs.Scheduled.ToImmutableDictionary(job => job, job => new DeadlineKind(job.Name, job));

    private DeadlineTable? _table;

    private string HotelId => this.GetPrimaryKeyString();

    protected override DeadlineTable Table => _table ??= Kinds.Aggregate(new DeadlineTable(),
        (table, kind) => table.On(kind.Value, (dueAt, source) => RunScheduledAsync(kind.Key, dueAt, source)));

    protected override string? TenantId => State.TimeZone is null ? null : HotelId;

    protected override DeadlineSet DeadlinesOf(HotelJobsState state) => state.TimeZone is null ? DeadlineSet.None : DeadlineSet.Of(
        state.Jobs.Select(job => (Kinds[job.Key], job.Value.Retry?.DueAt ??
            (job.Value.Schedule.Enabled ? HotelJobSchedules.Next(job.Value.Schedule, job.Value.Since, ZonedTime.Zone(state.TimeZone)) : (DateTimeOffset?)null))));

    public async Task Start(string timeZone)
    {
        if (State.TimeZone is not null)
        {
            return;
        }
        var jobs = HotelJobSchedules.Defaults.ToImmutableDictionary(s => s.Job, s => new HotelJobState(s, Now, null, null, null, null));
        await CommitAsync(State with { TimeZone = timeZone, Jobs = jobs }, [], []);
    }

    public Task<ImmutableArray<HotelJobView>> Jobs(Caller caller)
    {
        Check(caller);
        return Task.FromResult<ImmutableArray<HotelJobView>>([.. HotelJobs.Scheduled.Select(View)]);
    }

    public async Task<HotelJobView> Configure(ConfigureHotelJob command, Caller caller)
    {
        Check(caller);
        var job = State.Jobs.GetValueOrDefault(command.Job) ?? throw Errors.NotFound("job_not_found", $"'{command.Job}' is not a hotel job.");
        if (command.Weekday is not null && job.Schedule.Weekday is null)
        {
            throw Errors.BadRequest("weekday_not_applicable", $"{command.Job} runs daily; only maintenance-schedule takes a weekday.");
        }
        if (command.EveryHours is not null && job.Schedule.EveryHours is null)
        {
            throw Errors.BadRequest("every_hours_not_applicable", $"{command.Job} runs once a day; only check-no-shows takes everyHours.");
        }
        var schedule = job.Schedule with
        {
            Enabled = command.Enabled ?? job.Schedule.Enabled,
            LocalTime = command.LocalTime ?? job.Schedule.LocalTime,
            Weekday = command.Weekday ?? job.Schedule.Weekday,
            EveryHours = command.EveryHours ?? job.Schedule.EveryHours,
        };
        // A new schedule counts from now; switching a job off also drops a pending retry, whose execution ends unrun.
        var next = job with { Schedule = schedule, Since = Now, Retry = schedule.Enabled ? job.Retry : null };
        ReadModelRecord[] dropped = job.Retry is { } retry && next.Retry is null
            ? [JobRuns.Ended(new JobRunOf(command.Job, HotelId, RunSource.Reminder), retry.RunId, null, Now, Now, 0,
                $"Attempt {retry.Attempt} not run: the job was switched off by {caller.UserId}.", null)]
            : [];
        await CommitAsync(State with { Jobs = State.Jobs.SetItem(command.Job, next) }, dropped, []);
        return View(command.Job);
    }

    public async Task<HotelJobOutcome> Run(JobName job, Caller caller, RunSource source)
    {
        Check(caller);
        if (!State.Jobs.ContainsKey(job))
        {
            throw State.TimeZone is null
                ? Errors.NotFound("hotel_not_found", "The hotel is not registered.")
                : Errors.NotFound("job_not_found", $"'{job}' is not a hotel job.");
        }
        var (outcome, row) = await ExecuteAsync(job, Guid.NewGuid(), dueAt: null, source, attempt: 1);
        var current = State.Jobs[job];
        await SaveAsync(State with { Jobs = State.Jobs.SetItem(job, current with { LastRunId = outcome.RunId, LastStatus = outcome.Status, LastRunAt = outcome.StartedAt }) },
            [row], []);
        LogRun(HotelId, job.Name, source.Name, caller.UserId, outcome.Status.Name);
        return outcome;
    }

    /// <summary>A job's deadline: its pending retry, or its latest due run (runs missed while no silo ran become that one).</summary>
    private async Task RunScheduledAsync(JobName job, DateTimeOffset dueAt, RunSource source)
    {
        var current = State.Jobs[job];
        var zone = ZonedTime.Zone(State.TimeZone!);
        var (occurrence, attempt, runId, missed) = current.Retry is { } retry && retry.DueAt <= Now
            ? (retry.Occurrence, retry.Attempt, retry.RunId, 0)
            : LatestRun(current.Schedule, dueAt, zone);
        var (outcome, row) = await ExecuteAsync(job, runId, dueAt, source, attempt, missed);
        var failed = outcome.Status == JobStatus.Failed;
        HotelJobRetry? next = failed && attempt < HotelJobSchedules.MaxAttempts
            ? new HotelJobRetry(attempt + 1, Now + HotelJobSchedules.Backoff[attempt - 1], RunIdOf(job, occurrence, attempt + 1), occurrence)
            : null;
        List<ReadModelRecord> records = [row];
        if (next is not null)
        {
            records.Add(JobRuns.Pending(new JobRunOf(job, HotelId, RunSource.Reminder), next.RunId, next.DueAt));
        }
        else if (failed)
        {
            records.AddRange(await HotelJobNotices.GaveUpAsync(GrainFactory, HotelId, job, attempt, outcome, Now));
        }
        var updated = current with { Since = occurrence, LastRunId = outcome.RunId, LastStatus = outcome.Status, LastRunAt = outcome.StartedAt, Retry = next };
        await SaveAsync(State with { Jobs = State.Jobs.SetItem(job, updated) }, records, []);
    }

    /// <summary>Runs the job once as execution <paramref name="runId"/>: RUNNING written first, the ended row returned to be saved.</summary>
    private async Task<(HotelJobOutcome Outcome, JobRunRow Row)> ExecuteAsync(JobName job, Guid runId, DateTimeOffset? dueAt, RunSource source,
        int attempt, int missed = 0)
    {
        var of = new JobRunOf(job, HotelId, source);
        var startedAt = Now;
        await Services.ReadModel.WriteAsync([JobRuns.Running(of, runId, startedAt, dueAt)]);
        JobWork? work = null;
        string? error;
        try
        {
            work = await new HotelJobWorks(GrainFactory, reader, HotelId).RunAsync(job, startedAt, source);
            error = work.Errors.Count == 0 ? null : $"{work.Errors.Count} item(s) failed: {string.Join("; ", work.Errors.Take(5))}";
        }
        catch (Exception ex)
        {
            error = ex.Message;
            Logger.LogWarning(ex, "Hotel {HotelId}: job {Job} failed (attempt {Attempt})", HotelId, job, attempt);
        }
        // The execution's metadata is the job's result; a failed one says which attempt it was and what failed.
        var result = work is null ? null : JobResult.Of(work.Result);
        var metadata = error is null ? result : JobResult.Of(new { attempt, maxAttempts = HotelJobSchedules.MaxAttempts, errors = work?.Errors ?? [error], result = work?.Result });
        var row = JobRuns.Ended(of, runId, dueAt, startedAt, Now, work?.Items ?? 0, error, metadata);
        if (missed > 1)
        {
            Logger.LogInformation("Hotel {HotelId}: {Missed} runs of {Job} fell due while no silo ran; they ran once", HotelId, missed, job);
        }
        return (new HotelJobOutcome(runId, row.Status, result, error, startedAt, row.CompletedAt!.Value), row);
    }

    private (DateTimeOffset Occurrence, int Attempt, Guid RunId, int Missed) LatestRun(HotelJobSchedule schedule, DateTimeOffset dueAt, TimeZoneInfo zone)
    {
        var (latest, due) = HotelJobSchedules.LatestDue(schedule, dueAt, Now, zone);
        return (latest, 1, RunIdOf(schedule.Job, latest, 1), due);
    }

    /// <summary>A scheduled attempt's execution id, the same each time it runs (so a run a crash repeats updates its own row).</summary>
    private Guid RunIdOf(JobName job, DateTimeOffset occurrence, int attempt) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{HotelId}/{job}/{occurrence.UtcTicks}/{attempt}"))[..16]);

    private HotelJobView View(JobName job)
    {
        var state = State.Jobs[job];
        return new HotelJobView(state.Schedule, Pending.TryGetValue(Kinds[job], out var next) ? next : null, state.LastRunId, state.LastStatus,
            state.LastRunAt, state.Retry?.Attempt, state.Retry?.DueAt);
    }

    private void Check(Caller caller)
    {
        if (caller.TenantId != HotelId || State.TimeZone is null)
        {
            throw Errors.NotFound("hotel_not_found", "The caller's hotel is not registered.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hotel {HotelId}: {Job} run by {Source} (actor {Actor}): {Status}")]
    private partial void LogRun(string hotelId, string job, string source, string actor, string status);
}
