using System.Collections.Immutable;
using Hms.Common;
using Hms.Deadlines;
using Hms.Hospitals;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.NoShow;

[GenerateSerializer, Alias("Hms.JobFailureWatchState")]
public sealed record class JobFailureWatchState : IOutboxState<JobFailureWatchState>
{
    /// <summary>The streak already reported, named by the last success before it (MinValue: none before it).</summary>
    [Id(0)] public DateTimeOffset? ReportedStreak { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public JobFailureWatchState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// After three consecutive failed runs of a hospital's deadline jobs, every active HOSPITAL_ADMIN of
/// the hospital gets a HIGH notification on in_app and email (seed 000 §9, seed 001 §13) — once per
/// streak; a completed run ends the streak.
/// </summary>
public sealed partial class JobFailureWatchGrain(
    [PersistentState("jobFailureWatch", StoreNames.Hms)] IPersistentState<JobFailureWatchState> state,
    IDeadlineReader deadlines,
    GrainServices services,
    ILogger<JobFailureWatchGrain> logger) : OutboxGrain<JobFailureWatchState>(state, services, logger), IJobFailureWatchGrain
{
    public const int Threshold = 3;

    public async Task RunFailed(string jobName, string error)
    {
        var hospitalId = this.GetPrimaryKeyString();
        var (failures, lastSuccessAt) = await deadlines.FailureStreakAsync(hospitalId, JobRuns.NoShowCheckJobs);
        var streak = lastSuccessAt ?? DateTimeOffset.MinValue;
        if (failures < Threshold || State.ReportedStreak == streak)
        {
            return;
        }
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(hospitalId).Find();
        var admins = hospital?.Staff.Where(m => m.IsActive && m.Roles.Contains(Roles.HospitalAdmin)).ToList() ?? [];
        var notices = admins.Select(admin => new NotificationRow(Guid.NewGuid(), hospitalId, "USER", admin.UserId,
            "JOB_FAILING", "Deadline handling is failing",
            $"{failures} consecutive runs of the NO_SHOW check have failed; the last ({jobName}) with: {error}",
            "HIGH", ["in_app", "email"],
            ImmutableDictionary<string, string>.Empty.Add("jobName", jobName).Add("consecutiveFailures", failures.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Now)).ToArray<ReadModelRecord>();
        await SaveAsync(State with { ReportedStreak = streak }, notices);
        LogReported(hospitalId, failures, admins.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hospital {HospitalId}: {Failures} consecutive failed deadline runs; {Admins} admin(s) notified")]
    private partial void LogReported(string hospitalId, int failures, int admins);
}
