using System.Globalization;
using Hms.Bench.Cluster;
using Npgsql;

namespace Hms.Bench.Reporting;

/// <summary>
/// What the database did during a phase: commits, rows read, and the statements it spent its time
/// on (pg_stat_statements, preloaded by bench/run.sh).
/// </summary>
public sealed class DatabaseStats
{
    private readonly string _connectionString;
    private (long Commits, long RowsRead) _start;

    private DatabaseStats(string connectionString) => _connectionString = connectionString;

    public static async Task<DatabaseStats> StartAsync(string connectionString)
    {
        var stats = new DatabaseStats(connectionString);
        await Database.ExecuteAsync(connectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
        stats._start = await stats.CountersAsync();
        return stats;
    }

    public async Task<(long Commits, long RowsRead)> DeltaAsync()
    {
        var now = await CountersAsync();
        return (now.Commits - _start.Commits, now.RowsRead - _start.RowsRead);
    }

    /// <summary>Reports the phase's commits and rows read per unit of work, and the top statements.</summary>
    public async Task ReportAsync(Report report, string unit, int units, int top = 6)
    {
        var (commits, rows) = await DeltaAsync();
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Database: {commits} commits ({(double)commits / units:F1} per {unit}), {rows} rows read ({(double)rows / units:F1} per {unit})"));
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

    private async Task<(long Commits, long RowsRead)> CountersAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
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
