using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;
using Hms.Notifications;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Jobs;

/// <summary>Port: the active administrators of a tenant (user ids), whom failing jobs are reported to.</summary>
public interface ITenantAdmins
{
    /// <summary>Empty when the tenant is not one this directory knows.</summary>
    Task<IReadOnlyList<string>> AdminsAsync(string tenantId);
}

/// <summary>Told of each failed run of a family's jobs in one tenant. Key: <see cref="JobFailureWatchGrain.Key"/>.</summary>
[Alias("Hms.IJobFailureWatchGrain")]
public interface IJobFailureWatchGrain : IGrainWithStringKey
{
    [Alias("RunFailed")]
    Task RunFailed(JobFamily family, JobName job, string error);
}

[GenerateSerializer, Alias("Hms.JobFailureWatchState")]
public sealed record class JobFailureWatchState : IOutboxState<JobFailureWatchState>
{
    /// <summary>The streak already reported, named by the last success before it (MinValue: none before it).</summary>
    [Id(0)] public DateTimeOffset? ReportedStreak { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public JobFailureWatchState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// After <see cref="JobFamily.FailureThreshold"/> consecutive failed runs of a family's jobs in a tenant,
/// every active administrator of the tenant gets a HIGH notification on in_app and email — once per
/// streak; a completed run ends the streak.
/// </summary>
public sealed partial class JobFailureWatchGrain(
    [PersistentState("jobFailureWatch", StoreNames.Hms)] IPersistentState<JobFailureWatchState> state,
    IJobRunReader runs,
    IEnumerable<ITenantAdmins> directories,
    GrainServices services,
    ILogger<JobFailureWatchGrain> logger) : OutboxGrain<JobFailureWatchState>(state, services, logger), IJobFailureWatchGrain
{
    private static readonly Notice Failing = new("JOB_FAILING", "Deadline handling is failing", Priority.High, [Channel.InApp, Channel.Email]);

    public static string Key(JobFamily family, string tenantId) => $"{family.Name}/{tenantId}";

    public async Task RunFailed(JobFamily family, JobName job, string error)
    {
        var tenantId = this.GetPrimaryKeyString()[(family.Name.Length + 1)..];
        var (failures, lastSuccessAt) = await runs.FailureStreakAsync(tenantId, family.Jobs);
        var streak = lastSuccessAt ?? DateTimeOffset.MinValue;
        if (failures < JobFamily.FailureThreshold || State.ReportedStreak == streak)
        {
            return;
        }
        var admins = (await Task.WhenAll(directories.Select(d => d.AdminsAsync(tenantId)))).SelectMany(a => a).Distinct().ToList();
        var metadata = ImmutableDictionary<string, string>.Empty.Add("jobName", job.Name)
            .Add("consecutiveFailures", failures.ToString(CultureInfo.InvariantCulture));
        var text = $"{failures} consecutive runs of {family.Title} have failed; the last ({job}) with: {error}";
        var notices = admins.Select(admin => Failing.To(tenantId, RecipientKind.User, admin, text, Now, metadata)).ToArray<ReadModelRecord>();
        await SaveAsync(State with { ReportedStreak = streak }, notices);
        LogReported(tenantId, family.Name, failures, admins.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: {Failures} consecutive failed runs of {Family}; {Admins} admin(s) notified")]
    private partial void LogReported(string tenantId, string family, int failures, int admins);
}
