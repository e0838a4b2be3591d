using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.NoShow;

/// <summary>The NO_SHOW check's names: the family of its jobs' health, and its backup pass.</summary>
public static class NoShowCheck
{
    /// <summary>The backup pass over appointments' deadlines (an <see cref="IBackupPassGrain"/> key).</summary>
    public const string ReconcilePass = "no-show-reconcile";
}

/// <summary>
/// Health of a hospital's NO_SHOW check (the fields the replaced system's clients read, and more): its runs,
/// failure streak, pending and overdue deadlines, and how late they were handled.
/// </summary>
[Alias("Hms.IDeadlineHealthGrain")]
public interface IDeadlineHealthGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    [Allows(Roles.HospitalAdmin)]
    Task<DeadlineHealth> Get(Caller caller);

    /// <summary>Every hospital together (for operators and the external trigger); working hours in UTC.</summary>
    [Alias("GetAll")]
    [Allows(Roles.System)]
    Task<DeadlineHealth> GetAll(Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.DeadlineHealth")]
public sealed record class DeadlineHealth(
    [property: Id(0)] string JobName,
    [property: Id(1)] bool IsHealthy,
    [property: Id(2)] string HealthMessage,
    [property: Id(3)] bool IsWorkingHours,
    [property: Id(4)] DateTimeOffset? LastRunTime,
    [property: Id(5)] string? LastRunStatus,
    [property: Id(6)] int ConsecutiveFailures,
    [property: Id(7)] JobRunView? LastSuccessfulRun,
    [property: Id(8)] ImmutableArray<JobRunView> RecentRuns,
    [property: Id(9)] int TotalRuns,
    [property: Id(10)] int FailedRuns,
    [property: Id(11)] int PendingDeadlines,
    [property: Id(12)] int OverdueDeadlines,
    [property: Id(13)] LatenessStats Lateness)
{
    /// <summary>The run counts as the replaced system's clients read them: <c>stats { totalRuns, failedRuns, successRate: "100.0%" }</c>.</summary>
    public RunStats Stats => new(TotalRuns, FailedRuns,
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(TotalRuns == 0 ? 100.0 : 100.0 * (TotalRuns - FailedRuns) / TotalRuns):0.0}%"));
}

/// <summary>Runs, failed runs and the share that did not fail, as a percentage text.</summary>
public sealed record RunStats(int TotalRuns, int FailedRuns, string SuccessRate);
