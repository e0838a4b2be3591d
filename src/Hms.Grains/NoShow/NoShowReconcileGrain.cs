using System.Diagnostics;
using Hms.Appointments;
using Hms.Common;
using Hms.Deadlines;
using Hms.ReadModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>
/// The backup pass: asks the read model which deadlines are past due and still pending and pokes
/// those appointment grains, which handle whatever is due (idempotently — a deadline their own
/// reminder already handled is simply gone). Records the pass as a job run.
/// </summary>
[StatelessWorker]
public sealed partial class NoShowReconcileGrain(
    IDeadlineReader deadlines,
    IReadModelWriter readModel,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    ILogger<NoShowReconcileGrain> logger) : Grain, INoShowReconcileGrain
{
    private const int MaxPerPass = 10_000;

    public async Task<ReconcileResult> Run(string? hospitalId, string source)
    {
        var startedAt = clock.GetUtcNow();
        var timer = Stopwatch.StartNew();
        var due = await deadlines.DueAsync(hospitalId, startedAt, MaxPerPass);
        var (handled, errors) = await GrainFanOut.SumAsync(due,
            pending => GrainFactory.GetGrain<IAppointmentGrain>(pending.AppointmentId).HandleDueDeadlines(source),
            pending => pending.AppointmentId.ToString());
        var run = new JobRunRow(Guid.NewGuid(), JobRuns.NoShowReconcile, hospitalId ?? "*",
            errors.Count == 0 ? JobRuns.Completed : JobRuns.Failed, startedAt, clock.GetUtcNow(), timer.ElapsedMilliseconds,
            handled, errors.Count == 0 ? null : string.Join("; ", errors.Take(5)), source, SubjectId: null, DueAt: null, LatenessMs: null);
        HmsMetrics.JobRun(run.JobName, run.Status);
        await readModel.WriteAsync([run]);
        if (errors.Count > 0 && hospitalId is not null)
        {
            await GrainFactory.GetGrain<IJobFailureWatchGrain>(hospitalId).RunFailed(run.JobName, run.ErrorMessage!);
        }
        LogPass(hospitalId ?? "*", source, due.Length, handled, errors.Count, timer.ElapsedMilliseconds);
        return new ReconcileResult(run.Id, due.Length, handled, errors.Count, run.DurationMs, startedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile pass for {Hospital} ({Source}): {Scanned} due, {Handled} handled, {Errors} errors in {DurationMs} ms")]
    private partial void LogPass(string hospital, string source, int scanned, int handled, int errors, long durationMs);
}
