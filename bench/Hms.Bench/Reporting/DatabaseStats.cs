using System.Globalization;
using Hms.Bench.Cluster;
using Npgsql;

namespace Hms.Bench.Reporting;

/// <summary>
/// What the database did during a phase: commits, rows read, and the statements it spent its time
/// on (pg_stat_statements, preloaded by bench/run.sh).
/// <para>"Commits" means one thing in every report: <b>write transactions</b> — transactions that
/// were given a transaction id, i.e. that wrote something and so had to flush a commit record to the
/// WAL (what bounds a burst on fsync). It is read from the server's next transaction id, which is
/// exact and immediate. Read-only statements are transactions too (pg_stat_database.xact_commit
/// counts them), and that counter reaches the shared statistics only when each backend flushes its
/// own (up to ~10 s after it goes idle), so reading it right after a phase undercounts: the report
/// waits for that flush and prints it separately, with the WAL flushes (pg_stat_wal.wal_sync) that
/// PostgreSQL's own group commit shares between concurrent committers.</para>
/// </summary>
public sealed class DatabaseStats
{
    private static readonly TimeSpan StatsFlush = TimeSpan.FromSeconds(11);
    private readonly string _connectionString;
    private Counters _start;

    private DatabaseStats(string connectionString) => _connectionString = connectionString;

    private readonly record struct Counters(long Writes, long Transactions, long RowsRead, long WalSyncs);

    /// <summary>Starts counting; unless <paramref name="settle"/> is false (the phase starts too soon), first lets earlier statistics land.</summary>
    public static async Task<DatabaseStats> StartAsync(string connectionString, bool settle = true)
    {
        var stats = new DatabaseStats(connectionString);
        await Database.ExecuteAsync(connectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
        if (settle)
        {
            await Task.Delay(StatsFlush); // earlier work's read-only transactions land before the start is read
        }
        stats._start = await stats.CountersAsync();
        return stats;
    }

    /// <summary>
    /// Waits until the phase's writes have stopped — at most two write transactions in 200 ms (the
    /// cluster's heartbeats) for two seconds — and returns the instant of the last busy sample: work
    /// that goes on after a deadline's run is recorded (the patient's count, the notification) counts.
    /// </summary>
    public async Task<DateTimeOffset> UntilQuietAsync(TimeSpan timeout)
    {
        var giveUp = DateTimeOffset.UtcNow + timeout;
        var writes = (await CountersAsync()).Writes;
        var lastBusy = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - lastBusy < TimeSpan.FromSeconds(2) && DateTimeOffset.UtcNow < giveUp)
        {
            await Task.Delay(200);
            var now = (await CountersAsync()).Writes;
            if (now - writes > 2)
            {
                lastBusy = DateTimeOffset.UtcNow;
            }
            writes = now;
        }
        return lastBusy;
    }

    /// <summary>Write transactions (exact) and rows read since the start.</summary>
    public async Task<(long Commits, long RowsRead)> DeltaAsync()
    {
        var now = await CountersAsync();
        return (now.Writes - _start.Writes, now.RowsRead - _start.RowsRead);
    }

    /// <summary>Reports the phase's commits and rows read per unit of work, and the top statements.</summary>
    public async Task ReportAsync(Report report, string unit, int units, int top = 6)
    {
        var writes = (await CountersAsync()).Writes - _start.Writes;
        await Task.Delay(StatsFlush);
        var now = await CountersAsync();
        var transactions = now.Transactions - _start.Transactions;
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Database: {writes} commits = write transactions ({(double)writes / units:F2} per {unit}); " +
            $"{transactions - writes} read-only transactions ({(double)(transactions - writes) / units:F1} per {unit}); " +
            $"{now.WalSyncs - _start.WalSyncs} WAL flushes ({(double)(now.WalSyncs - _start.WalSyncs) / units:F2} per {unit}); " +
            $"{now.RowsRead - _start.RowsRead} rows read ({(double)(now.RowsRead - _start.RowsRead) / units:F1} per {unit})"));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            SELECT calls, round(total_exec_time::numeric, 0), regexp_replace(left(query, 90), '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT {top}
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"  {reader.GetInt64(0)} calls, {reader.GetDecimal(1)} ms: `{reader.GetString(2)}`"));
        }
    }

    private async Task<Counters> CountersAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        // txid_snapshot_xmax: the next transaction id to be given out (reading it gives none out).
        await using var command = new NpgsqlCommand(
            """
            SELECT txid_snapshot_xmax(txid_current_snapshot()), xact_commit, tup_returned + tup_fetched, (SELECT wal_sync FROM pg_stat_wal)
            FROM pg_stat_database WHERE datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}

/// <summary>
/// Samples what active database sessions wait on (pg_stat_activity) every 100 ms during a phase:
/// the profile of where statement time goes when the CPUs are not the limit.
/// </summary>
public sealed class WaitSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _waits = [];
    private readonly Task _loop;
    private int _samples;

    public WaitSampler(string connectionString) => _loop = RunAsync(connectionString);

    public async Task ReportAsync(Report report)
    {
        await DisposeAsync();
        var top = _waits.OrderByDescending(w => w.Value).Take(6)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key} {(double)w.Value / Math.Max(1, _samples):F1}"));
        report.Line($"Active sessions by wait (average over {_samples} samples): {string.Join(", ", top)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(_stop.Token);
        while (!_stop.IsCancellationRequested)
        {
            await using (var command = new NpgsqlCommand("""
                SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*) FROM pg_stat_activity
                WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database() GROUP BY 1
                """, connection))
            await using (var reader = await command.ExecuteReaderAsync(_stop.Token))
            {
                while (await reader.ReadAsync(_stop.Token))
                {
                    _waits[reader.GetString(0)] = _waits.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
                }
            }
            _samples++;
            await Task.Delay(100, _stop.Token);
        }
    }
}
