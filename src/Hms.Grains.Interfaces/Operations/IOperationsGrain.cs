using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.Operations;

/// <summary>
/// The operators' console of one tenant (the caller's): its pending deadlines by kind, how late its
/// deadline-driven runs were, and the two hands-on actions — deliver a due deadline's tick now, retry a
/// failed run. Read from the read model on any silo; every action goes through the owning grain.
/// </summary>
[Alias("Hms.IOperationsGrain")]
public interface IOperationsGrain : IGrainWithIntegerKey
{
    /// <summary>Pending deadlines per kind (due in the next hour, overdue past the grace), last hour's lateness, and the overdue items.</summary>
    [Alias("Deadlines")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<DeadlineOverview> Deadlines(Caller caller);

    /// <summary>The last <paramref name="hours"/> hours of runs, one bucket per UTC hour, oldest first.</summary>
    [Alias("History")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<ImmutableArray<RunHour>> History(int hours, Caller caller);

    /// <summary>
    /// Delivers the owning grain its deadline tick now. The grain handles only what is due, as its own
    /// reminder would; a deadline still ahead is refused (409 <c>deadline_not_due</c>).
    /// </summary>
    [Alias("Fire")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<FiredDeadline> Fire(string kind, string subjectId, Caller caller);

    /// <summary>Re-runs the handling of a FAILED execution's subject: its deadline, its hotel job, or its pass.</summary>
    [Alias("RetryRun")]
    [Allows(Roles.HospitalAdmin, Roles.HotelAdmin, Roles.Manager)]
    Task<RunRetry> RetryRun(Guid jobId, Caller caller);
}

/// <summary>What the console shows of a tenant's deadlines at <see cref="At"/>.</summary>
[GenerateSerializer, Immutable, Alias("Hms.DeadlineOverview")]
public sealed record class DeadlineOverview(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] TimeSpan OverdueGrace,
    [property: Id(2)] ImmutableArray<DeadlineKindSummary> Kinds,
    [property: Id(3)] ImmutableArray<PendingDeadline> Overdue,
    [property: Id(4)] int OverdueTotal);

/// <summary>One kind's pending deadlines and how late its runs of the last hour were.</summary>
[GenerateSerializer, Immutable, Alias("Hms.DeadlineKindSummary")]
public sealed record class DeadlineKindSummary(
    [property: Id(0)] string Kind,
    [property: Id(1)] int Pending,
    [property: Id(2)] int DueNextHour,
    [property: Id(3)] int Overdue,
    [property: Id(4)] LatenessStats LatenessLastHour);

/// <summary>A pending deadline: its kind, what it belongs to (an appointment's, case's, reservation's… id; a hotel job's name), and when it is due.</summary>
[GenerateSerializer, Immutable, Alias("Hms.PendingDeadline")]
public sealed record class PendingDeadline(
    [property: Id(0)] string Kind,
    [property: Id(1)] string SubjectId,
    [property: Id(2)] DateTimeOffset DueAt);

/// <summary>One UTC hour of runs: how many completed and failed, and the lateness percentiles of the deadline-driven ones.</summary>
[GenerateSerializer, Immutable, Alias("Hms.RunHour")]
public sealed record class RunHour(
    [property: Id(0)] DateTimeOffset HourStart,
    [property: Id(1)] int Completed,
    [property: Id(2)] int Failed,
    [property: Id(3)] double? P50Ms,
    [property: Id(4)] double? P95Ms,
    [property: Id(5)] double? P99Ms);

/// <summary>A fired deadline: handled when the record no longer holds it at that instant; <see cref="NextDueAt"/> is what it holds next of the kind.</summary>
[GenerateSerializer, Immutable, Alias("Hms.FiredDeadline")]
public sealed record class FiredDeadline(
    [property: Id(0)] string Kind,
    [property: Id(1)] string SubjectId,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] bool Handled,
    [property: Id(4)] DateTimeOffset? NextDueAt);

/// <summary>A retried run: how it was retried (DEADLINE, HOTEL_JOB or PASS) and the execution that retry recorded, when it recorded one.</summary>
[GenerateSerializer, Immutable, Alias("Hms.RunRetry")]
public sealed record class RunRetry(
    [property: Id(0)] Guid RetriedJobId,
    [property: Id(1)] string Via,
    [property: Id(2)] JobExecution? Execution);

/// <summary>The console's bounds, shared by the API's checks and the grain.</summary>
public static class OperationsLimits
{
    /// <summary>A week of hourly buckets at most.</summary>
    public const int MaxHistoryHours = 168;

    /// <summary>Overdue items listed at most; the counts say how many there are in all.</summary>
    public const int MaxOverdueListed = 100;
}
