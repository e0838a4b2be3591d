using System.Diagnostics;
using Hms.Common;
using Hms.Deadlines;
using Hms.ReadModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Hms.PatientExperience;

/// <summary>
/// The seed's runPxSla as a backup pass: the read model names the overdue cases, each case grain
/// decides (<see cref="IPxCaseGrain.RunSla"/>). A case its own deadline already escalated is skipped,
/// and a case the pass escalated is skipped by its deadline: the grain serializes both.
/// </summary>
[StatelessWorker]
public sealed partial class PxSlaPassGrain(
    IPxCaseReader cases,
    IReadModelWriter readModel,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    ILogger<PxSlaPassGrain> logger) : Grain, IPxSlaPassGrain
{
    private const int MaxPerPass = 10_000;

    public async Task<SlaPassResult> Run(string? tenantId, string actor, string source)
    {
        var startedAt = clock.GetUtcNow();
        var timer = Stopwatch.StartNew();
        var overdue = await cases.OverdueAsync(tenantId, startedAt, MaxPerPass);
        var (escalated, errors) = await GrainFanOut.SumAsync(overdue,
            async found => await GrainFactory.GetGrain<IPxCaseGrain>(found.CaseId).RunSla(found.TenantId, actor, source) == SlaOutcome.Escalated ? 1 : 0,
            found => found.CaseId.ToString());
        var skipped = overdue.Length - escalated - errors.Count;
        var run = new JobRunRow(Guid.NewGuid(), JobRuns.PxSlaRun, tenantId ?? "*", errors.Count == 0 ? JobRuns.Completed : JobRuns.Failed,
            startedAt, clock.GetUtcNow(), timer.ElapsedMilliseconds, escalated,
            errors.Count == 0 ? null : string.Join("; ", errors.Take(5)), source, SubjectId: null, DueAt: null, LatenessMs: null);
        HmsMetrics.JobRun(run.JobName, run.Status);
        await readModel.WriteAsync([run]);
        LogPass(tenantId ?? "*", source, actor, overdue.Length, escalated, skipped, errors.Count, timer.ElapsedMilliseconds);
        return new SlaPassResult(run.Id, overdue.Length, escalated, skipped, [.. errors]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PX SLA pass for {Tenant} ({Source}, actor {Actor}): scanned {Scanned}, escalated {Escalated}, skipped {Skipped}, errors {Errors} in {DurationMs} ms")]
    private partial void LogPass(string tenant, string source, string actor, int scanned, int escalated, int skipped, int errors, long durationMs);
}
