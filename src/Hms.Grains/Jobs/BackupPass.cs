using System.Collections.Immutable;

namespace Hms.Jobs;

/// <summary>A record a backup pass found past its deadline: its grain's key, its tenant, its earliest deadline.</summary>
public sealed record DueRecord(string Key, string TenantId, DateTimeOffset DueAt);

/// <summary>
/// One capability's backup pass (registered as a keyed service under its name): which records the read
/// model says are past due, and how one of them is handled through its grain.
/// </summary>
public interface IBackupPass
{
    /// <summary>The job the pass's runs are recorded under.</summary>
    JobName Job { get; }

    /// <summary>Who may run the pass by hand for their tenant (the system always may).</summary>
    IReadOnlyList<string> RunBy { get; }

    /// <summary>The family whose failure streak a failed pass counts in; null when failures alert no one.</summary>
    JobFamily? Family { get; }

    /// <summary>Records with a deadline due at or before <paramref name="now"/> (one tenant, or all), earliest first.</summary>
    Task<ImmutableArray<DueRecord>> DueAsync(string? tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Hands the record to its grain; how many of its deadlines that handled (0: nothing was due any more).</summary>
    Task<int> HandleAsync(IGrainFactory grains, DueRecord record, string actor, RunSource source);
}
