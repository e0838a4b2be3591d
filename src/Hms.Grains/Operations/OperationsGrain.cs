using System.Collections.Immutable;
using Hms.Common;
using Hms.Hotels;
using Hms.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Hms.Operations;

/// <summary>
/// The operators' console of the caller's tenant. Reads come from the read model (and a hotel's jobs
/// grain); "fire" delivers the owning grain the tick its reminder would (src/Hms.Grains/Deadlines/DeadlineGrain.cs
/// handles only what is due, so a tick is idempotent), and only once the deadline is due.
/// </summary>
[StatelessWorker]
public sealed class OperationsGrain(
    IOperationsReader reader,
    IJobRunReader runs,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IOperationsGrain
{
    public async Task<DeadlineOverview> Deadlines(Caller caller)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.OverdueGrace;
        var overdueBefore = now - grace;
        var hotelJobs = await HotelJobDeadlinesAsync(caller.TenantId);
        var counts = (await reader.CountAsync(caller.TenantId, now, overdueBefore))
            .Append(new DeadlineCounts(OperatorDeadlines.HotelJob.Code, hotelJobs.Length,
                hotelJobs.Count(d => d.DueAt > now && d.DueAt <= now.AddHours(1)), hotelJobs.Count(d => d.DueAt < overdueBefore)))
            .ToDictionary(c => c.Kind);
        var overdue = (await reader.OverdueAsync(caller.TenantId, overdueBefore, OperationsLimits.MaxOverdueListed))
            .Concat(hotelJobs.Where(d => d.DueAt < overdueBefore))
            .OrderBy(d => d.DueAt).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.SubjectId, StringComparer.Ordinal)
            .Take(OperationsLimits.MaxOverdueListed);
        var kinds = await Task.WhenAll(OperatorDeadlines.All.Select(async kind =>
        {
            var c = counts.GetValueOrDefault(kind.Code) ?? new DeadlineCounts(kind.Code, 0, 0, 0);
            var lateness = await runs.LatenessAsync(caller.TenantId, kind.Jobs, now.AddHours(-1));
            return new DeadlineKindSummary(kind.Code, c.Pending, c.DueNextHour, c.Overdue, lateness);
        }));
        return new DeadlineOverview(now, grace, [.. kinds], [.. overdue.Select(d => new PendingDeadline(d.Kind, d.SubjectId, d.DueAt))],
            counts.Values.Sum(c => c.Overdue));
    }

    public async Task<ImmutableArray<RunHour>> History(int hours, Caller caller)
    {
        if (hours is < 1 or > OperationsLimits.MaxHistoryHours)
        {
            throw Errors.BadRequest("hours_out_of_range", $"hours must be between 1 and {OperationsLimits.MaxHistoryHours}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var thisHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var first = thisHour.AddHours(-(hours - 1));
        var found = (await reader.HistoryAsync(caller.TenantId, first)).ToDictionary(h => h.HourStart);
        return [.. Enumerable.Range(0, hours).Select(i => first.AddHours(i))
            .Select(hour => found.GetValueOrDefault(hour) ?? new RunHour(hour, 0, 0, null, null, null))];
    }

    public async Task<FiredDeadline> Fire(string kind, string subjectId, Caller caller)
    {
        var found = OperatorDeadlines.Find(kind) ?? throw UnknownKind(kind);
        return await FireAsync(found, subjectId, caller.TenantId);
    }

    public async Task<RunRetry> RetryRun(Guid jobId, Caller caller)
    {
        var run = await runs.ExecutionAsync(caller.TenantId, jobId) ?? throw Errors.NotFound("job_not_found", "No such job execution.");
        if (run.Status != JobStatus.Failed)
        {
            throw Errors.Conflict("run_not_failed", $"Only a FAILED execution is retried; this one is {run.Status}.");
        }
        var since = clock.GetUtcNow();
        if (HotelJobs.Find(run.JobName.Name) is { } hotelJob)
        {
            var outcome = await GrainFactory.GetGrain<IHotelJobsGrain>(caller.TenantId).Run(hotelJob, caller, RunSource.Manual);
            return new RunRetry(jobId, "HOTEL_JOB", await runs.ExecutionAsync(caller.TenantId, outcome.RunId));
        }
        if (PassOf(run.JobName) is { } pass)
        {
            var result = await GrainFactory.GetGrain<IBackupPassGrain>(pass).Run(caller, RunSource.Manual);
            return new RunRetry(jobId, "PASS", await runs.ExecutionAsync(caller.TenantId, result.RunId));
        }
        if (OperatorDeadlines.OfJob(run.JobName) is { } kind && run.SubjectId is { } subject)
        {
            if (await FindAsync(kind, subject, caller.TenantId) is null)
            {
                throw Errors.Conflict("run_already_recovered", "The execution's deadline is no longer pending: a later tick handled it.");
            }
            await FireAsync(kind, subject, caller.TenantId);
            var latest = await reader.LatestRunIdAsync(caller.TenantId, run.JobName, subject, since);
            return new RunRetry(jobId, "DEADLINE", latest is { } id ? await runs.ExecutionAsync(caller.TenantId, id) : null);
        }
        throw Errors.Conflict("run_not_retryable", $"{run.JobName} executions are not retried from here.");
    }

    private async Task<FiredDeadline> FireAsync(OperatorDeadlineKind kind, string subjectId, string tenantId)
    {
        var deadline = await FindAsync(kind, subjectId, tenantId)
            ?? throw Errors.NotFound("deadline_not_found", $"No pending {kind.Code} deadline on '{subjectId}'.");
        var now = clock.GetUtcNow();
        if (deadline.DueAt > now)
        {
            throw Errors.Conflict("deadline_not_due",
                $"The {kind.Code} deadline is due at {deadline.DueAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; its own reminder handles it then.");
        }
        await kind.TickAsync(GrainFactory, deadline, options.Value.RetryPeriod, now);
        var after = await FindAsync(kind, subjectId, tenantId);
        return new FiredDeadline(kind.Code, subjectId, deadline.DueAt, after is null || after.DueAt > deadline.DueAt, after?.DueAt);
    }

    /// <summary>The pending deadline of a kind on one subject of the tenant, or null.</summary>
    private async Task<OwnedDeadline?> FindAsync(OperatorDeadlineKind kind, string subjectId, string tenantId) =>
        kind == OperatorDeadlines.HotelJob ? (await HotelJobDeadlinesAsync(tenantId)).FirstOrDefault(d => d.SubjectId == subjectId)
        : Guid.TryParse(subjectId, out var id) ? await reader.FindAsync(tenantId, kind.Code, id)
        : null;

    /// <summary>A hotel's jobs with a next run (or a pending retry), read from its jobs grain as the system; none for a tenant that is no hotel.</summary>
    private async Task<ImmutableArray<OwnedDeadline>> HotelJobDeadlinesAsync(string tenantId)
    {
        if (!await reader.IsHotelAsync(tenantId))
        {
            return [];
        }
        ImmutableArray<HotelJobView> jobs;
        try
        {
            jobs = await GrainFactory.GetGrain<IHotelJobsGrain>(tenantId).Jobs(Caller.System(tenantId));
        }
        catch (DomainException e) when (e.Code == "hotel_not_found")
        {
            return []; // registered a moment ago: its jobs start with the registration's effect
        }
        return [.. jobs.Where(j => j.NextRunAt is not null)
            .Select(j => new OwnedDeadline(OperatorDeadlines.HotelJob.Code, j.Schedule.Job.Name, tenantId, j.NextRunAt!.Value))];
    }

    /// <summary>The backup pass whose runs are recorded under <paramref name="job"/>.</summary>
    private static string? PassOf(JobName job) =>
        job == Hms.Appointments.AppointmentDeadlines.Reconcile ? Hms.NoShow.NoShowCheck.ReconcilePass
        : job == Hms.PatientExperience.PxCaseRules.SlaRun ? Hms.PatientExperience.PxSla.Pass
        : null;

    private static DomainException UnknownKind(string kind) => Errors.NotFound("unknown_deadline_kind",
        $"'{kind}' is not a kind of deadline; the kinds are {string.Join(", ", OperatorDeadlines.All.Select(k => k.Code))}.");
}
