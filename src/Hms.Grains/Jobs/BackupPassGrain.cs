using System.Diagnostics;
using Hms.Common;
using Hms.ReadModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Hms.Jobs;

/// <summary>
/// Runs the backup pass its key names (<see cref="IBackupPass"/>): asks the read model what is past due,
/// hands each record to its grain a bounded number at a time, and records the pass as a job run.
/// </summary>
[StatelessWorker]
public sealed partial class BackupPassGrain(
    IServiceProvider services,
    IReadModelWriter readModel,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    ILogger<BackupPassGrain> logger) : Grain, IBackupPassGrain
{
    private const int MaxPerPass = 10_000;

    public async Task<BackupPassResult> Run(Caller caller, RunSource source)
    {
        var name = this.GetPrimaryKeyString();
        var pass = services.GetRequiredKeyedService<IBackupPass>(name);
        var system = caller.IsInRole(Roles.System);
        if (!system && !caller.IsInAnyRole([.. pass.RunBy]))
        {
            throw Errors.Forbidden("forbidden", "Your roles do not allow running this check.");
        }
        var tenantId = system && caller.TenantId == Caller.EveryTenant ? null : caller.TenantId;
        var actor = caller.UserId;
        var startedAt = clock.GetUtcNow();
        var timer = Stopwatch.StartNew();
        var due = await pass.DueAsync(tenantId, startedAt, MaxPerPass);
        var (handled, errors) = await GrainFanOut.SumAsync(due, record => pass.HandleAsync(GrainFactory, record, actor, source), record => record.Key);
        var run = JobRuns.Pass(new JobRunOf(pass.Job, tenantId ?? "*", source), startedAt, clock.GetUtcNow(), timer.ElapsedMilliseconds,
            handled, errors);
        await readModel.WriteAsync([run]);
        if (errors.Count > 0 && tenantId is not null && pass.Family is { } family)
        {
            await GrainFactory.GetGrain<IJobFailureWatchGrain>(JobFailureWatchGrain.Key(family, tenantId)).RunFailed(family, pass.Job, run.ErrorMessage!);
        }
        LogPass(name, tenantId ?? "*", source.Name, actor, due.Length, handled, errors.Count, timer.ElapsedMilliseconds);
        return new BackupPassResult(run.Id, due.Length, handled, [.. errors], run.DurationMs, startedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup pass {Pass} for {Tenant} ({Source}, actor {Actor}): {Scanned} due, {Handled} handled, {Errors} errors in {DurationMs} ms")]
    private partial void LogPass(string pass, string tenant, string source, string actor, int scanned, int handled, int errors, long durationMs);
}
