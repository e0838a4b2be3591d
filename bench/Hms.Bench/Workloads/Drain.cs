using System.Globalization;
using Hms.Bench.Cluster;
using Hms.Bench.Peers;
using Hms.Bench.Reporting;

namespace Hms.Bench.Workloads;

/// <summary>
/// Reads what the silos recorded: every handled deadline is a job run with its due instant, the
/// instant its handling started (lateness) and the instant its state was written (completion).
/// </summary>
public static class Drain
{
    private const string Handled = "job_name = 'NO_SHOW_DEADLINE' AND status = 'COMPLETED'";

    /// <summary>Completed runs of a deadline job.</summary>
    public static string CompletedRunsOf(string job) => $"job_name = '{job}' AND status = 'COMPLETED'";

    public static async Task UntilAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Console.WriteLine($"Waiting {wait.TotalSeconds:F0} s for {instant:HH:mm:ss} UTC…");
            await Task.Delay(wait);
        }
    }

    public static async Task UntilHandledAsync(Deployment deployment, int expected, DateTimeOffset dueAt, TimeSpan timeout,
        string handledRuns = Handled)
    {
        await UntilAsync(dueAt);
        var deadline = DateTimeOffset.UtcNow + timeout;
        long handled = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            handled = await Database.ScalarAsync<long>(deployment.ConnectionString, $"SELECT count(*) FROM job_runs WHERE {handledRuns}");
            if (handled >= expected)
            {
                return;
            }
            await Task.Delay(250);
        }
        Console.WriteLine($"Timed out: {handled} of {expected} handled.");
    }

    public static async Task<PeerFigures> ReportAsync(Deployment deployment, Report report, DateTimeOffset? burstDue, string name, int expected)
    {
        var cs = deployment.ConnectionString;
        var lateness = await Database.ColumnAsync(cs, $"SELECT lateness_ms FROM job_runs WHERE {Handled}");
        var completion = await Database.ColumnAsync(cs,
            $"SELECT extract(epoch FROM recorded_at - due_at) * 1000 FROM job_runs WHERE {Handled}");
        report.Line($"Handling started after the deadline (lateness): {Figures.Spread(lateness)}");
        report.Line($"NO_SHOW recorded in the read model after the deadline: {Figures.Spread(completion)}");
        if (burstDue is { } due && completion.Count > 0)
        {
            var drainSeconds = completion.Max() / 1000.0;
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"Drain: all {completion.Count} handled {drainSeconds:F2} s after {due:HH:mm:ss} UTC = {completion.Count / drainSeconds:F0} deadlines/s"));
        }
        var logs = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM no_show_logs");
        var distinct = await Database.ScalarAsync<long>(cs, "SELECT count(DISTINCT appointment_id) FROM no_show_logs");
        var runs = await Database.ScalarAsync<long>(cs, $"SELECT count(*) FROM job_runs WHERE {Handled}");
        var failed = await Database.ScalarAsync<long>(cs, "SELECT count(*) FROM job_runs WHERE status = 'FAILED'");
        report.Line($"Exactly once: {logs} NoShowLogs for {distinct} appointments, {runs} completed runs, {failed} failed runs");
        return new PeerFigures(name, expected, completion, distinct, completion.Count == 0 ? double.NaN : completion.Max() / 1000.0);
    }
}
