using System.Globalization;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;
using Npgsql;

namespace Hms.Bench.Workloads;

/// <summary>
/// Idle: <c>--count</c> pending deadlines weeks away and nothing due. What does each refresh of the reminder
/// service still read? The reminder rows are written directly (generate_series, 1–40 days ahead, one-minute
/// period, as DeadlineGrain arms them) — no grain holds them, and none comes due during the run. The silos
/// refresh every 15 s (loading window 30 s) instead of 5 minutes, so a few minutes show many refreshes.
/// <c>idle</c> measures the range reads of src/Hms.Silo/Database/Migrations/0020_reminder_due_window.sql;
/// <c>idle-unwindowed</c> puts back the reads of 0004_orleans_reminders.sql (every row of the range) for the
/// figures before.
/// </summary>
public static class Idle
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(BenchArgs args, bool unwindowed)
    {
        var reads = unwindowed ? "every row of the range (0004)" : "rows due within the window (0020)";
        var report = new Report($"Idle: {args.Count:N0} pending deadlines 1-40 days ahead, {args.Silos} silo(s), range reads return {reads}");
        await using var deployment = await Deployment.CreateAsync(args, $"bench_idle_{args.Silos}");
        if (unwindowed)
        {
            await Database.ScalarAsync<int>(deployment.ConnectionString, """
                UPDATE orleansquery SET querytext = replace(querytext, 'AND starttime <= hms_reminder_due_horizon()', '')
                 WHERE querykey LIKE 'ReadRangeRows%';
                CREATE INDEX ix_orleansreminders_hash ON orleansremindersv2table (serviceid, grainhash);
                SELECT 1
                """);
        }
        var started = DateTime.UtcNow;
        await WriteAsync(deployment, string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO orleansremindersv2table (serviceid, grainid, remindername, starttime, period, grainhash, version)
            SELECT 'hms', 'appointment/' || md5(g::text), 'no-show', now() + interval '1 day' + (g % 3456000) * interval '1 second', 60000, hashint4(g), 0
              FROM generate_series(1, {args.Count}) g;
            ANALYZE orleansremindersv2table;
            SELECT 1
            """));
        var size = await SizeAsync(deployment);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Reminder rows written: {args.Count:N0} in {(DateTime.UtcNow - started).TotalSeconds:F0} s; table + indexes {size}"));

        await deployment.StartAsync(args.Silos, new Dictionary<string, string>
        {
            ["Cluster__Reminders__RefreshReminderListPeriod"] = Refresh.ToString(),
            ["Cluster__Reminders__ReminderLoadingWindow"] = (2 * Refresh).ToString(),
        });
        await Task.Delay(2 * Refresh); // past every silo's first read and the start-up catch-up
        var before = await ReminderReadsAsync(deployment);
        var window = TimeSpan.FromMinutes(2);
        await Task.Delay(window);
        var after = await ReminderReadsAsync(deployment);
        var rows = after.Rows - before.Rows;
        var scans = after.Scans - before.Scans;
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Over {window.TotalMinutes:F0} min idle (refresh every {Refresh.TotalSeconds:F0} s): {rows:N0} reminder rows read ({rows / window.TotalMinutes:N0} per minute; "
            + $"{(scans == 0 ? 0 : rows / scans):N0} per table read, {scans} reads)"));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"At the default 5-minute refresh that is {(scans == 0 ? 0 : rows / scans) * args.Silos / 5.0:N0} rows per minute for {args.Silos} silo(s)"));
        report.Line($"Silo RSS: {string.Join(", ", deployment.SiloRssMiB().Select(m => m.ToString("F0", CultureInfo.InvariantCulture) + " MiB"))}");
        report.Print();
        return 0;
    }

    /// <summary>Rows the reminder table gave up (sequential + index fetches) and how many scans it took.</summary>
    private static async Task<(long Rows, long Scans)> ReminderReadsAsync(Deployment deployment)
    {
        await using var connection = new NpgsqlConnection(deployment.ConnectionString);
        await connection.OpenAsync();
        // The statistics collector publishes a backend's counters at its transaction end, within a second.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0), coalesce(seq_scan, 0) + coalesce(idx_scan, 0)
              FROM pg_stat_user_tables WHERE relname = 'orleansremindersv2table'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Runs <paramref name="sql"/> without a command timeout: ten million rows take minutes.</summary>
    private static async Task WriteAsync(Deployment deployment, string sql)
    {
        await using var connection = new NpgsqlConnection(deployment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> SizeAsync(Deployment deployment) =>
        await Database.ScalarAsync<string>(deployment.ConnectionString,
            "SELECT pg_size_pretty(pg_total_relation_size('orleansremindersv2table'))");
}
