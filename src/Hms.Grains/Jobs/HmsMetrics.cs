using System.Diagnostics.Metrics;

namespace Hms.Jobs;

/// <summary>The <c>Hms</c> meter: deadline lateness, deadlines handled and failed, job-run outcomes, read-model queries.</summary>
public static class HmsMetrics
{
    public const string MeterName = "Hms";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>(
        "hms.deadline.lateness", unit: "ms", description: "Handled-at minus due-at of each deadline.");

    private static readonly Counter<long> Handled = Meter.CreateCounter<long>(
        "hms.deadlines.handled", description: "Deadlines whose rule was applied.");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "hms.deadlines.failed", description: "Deadline handlings that threw; the reminder retries them.");

    private static readonly Counter<long> Woken = Meter.CreateCounter<long>(
        "hms.deadlines.woken", description: "Deadlines handled, by what woke their grain: its own timer while active, or the reminder.");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "hms.job_runs", description: "Job runs recorded, by job and status.");

    private static readonly Counter<long> ReadModelQueries = Meter.CreateCounter<long>(
        "hms.read_model.queries", description: "Queries of the read model by readers that count them, by query.");

    /// <summary>One query of the read model (e.g. <c>stage_alerts.board_items</c>).</summary>
    public static void ReadModelQuery(string query) => ReadModelQueries.Add(1, new KeyValuePair<string, object?>("query", query));

    public static void DeadlineHandled(JobName job, TimeSpan lateness)
    {
        var tag = new KeyValuePair<string, object?>("kind", job.Name);
        Lateness.Record(lateness.TotalMilliseconds, tag);
        Handled.Add(1, tag);
    }

    public static void DeadlinesWoken(string by, int handled)
    {
        if (handled > 0)
        {
            Woken.Add(handled, new KeyValuePair<string, object?>("by", by));
        }
    }

    public static void DeadlineFailed(JobName job) => Failed.Add(1, new KeyValuePair<string, object?>("kind", job.Name));

    public static void JobRun(JobName job, JobStatus status) => JobRuns.Add(1,
        new KeyValuePair<string, object?>("job", job.Name), new KeyValuePair<string, object?>("status", status.Name));
}
