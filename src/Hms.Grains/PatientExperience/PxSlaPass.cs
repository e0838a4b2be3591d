using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.PatientExperience;

/// <summary>
/// The cases' backup pass (the SLA run of the systems it replaces, by hand or a cron route): the read
/// model names the overdue cases, each case's grain decides (<see cref="IPxCaseGrain.RunSla"/>). A case
/// its own deadline already escalated is skipped, and a case the pass escalated is skipped by its
/// deadline: the grain serializes both.
/// </summary>
public sealed class PxSlaPass(IPxCaseReader cases) : IBackupPass
{
    public JobName Job => PxCaseRules.SlaRun;

    public IReadOnlyList<string> RunBy => Roles.PatientExperienceLeads;

    public JobFamily? Family => null;

    public Task<ImmutableArray<DueRecord>> DueAsync(string? tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        cases.OverdueAsync(tenantId, now, limit, cancellationToken);

    public async Task<int> HandleAsync(IGrainFactory grains, DueRecord record, string actor, RunSource source) =>
        await grains.GetGrain<IPxCaseGrain>(Guid.Parse(record.Key)).RunSla(record.TenantId, actor, source) == SlaOutcome.Escalated ? 1 : 0;
}
