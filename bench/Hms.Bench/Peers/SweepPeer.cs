using System.Diagnostics;
using System.Globalization;
using Hms.Bench.Cluster;
using Hms.Bench.Reporting;
using Npgsql;

namespace Hms.Bench.Peers;

/// <summary>
/// The replaced system's design: a cron tick every 5 minutes (7–22 h) queries today's SCHEDULED
/// or CONFIRMED appointments, checks each one's slot end in code and marks the due ones NO_SHOW
/// with a log, one appointment after another. Measured here: the rows each tick reads at 10k, 100k
/// and 1M pending appointments (spread over 30 days, date indexed as its ORM schema would), and the
/// burst handled by one tick that falls exactly on the deadline — the sweep's best case.
/// </summary>
public static class SweepPeer
{
    private const string Schema = """
        CREATE TABLE sweep_appointments (
            id uuid PRIMARY KEY, appointment_date date NOT NULL, start_time time NOT NULL,
            slot_duration integer NOT NULL, status text NOT NULL);
        CREATE INDEX ON sweep_appointments (appointment_date);
        CREATE TABLE sweep_no_show_logs (
            appointment_id uuid NOT NULL, due_at timestamptz NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp());
        """;

    private const string Tick = "SELECT id, start_time, slot_duration FROM sweep_appointments WHERE appointment_date = $1 AND status IN ('SCHEDULED', 'CONFIRMED')";

    public static async Task<PeerFigures> RunAsync(string server, int count, Report report)
    {
        await Database.RecreateAsync(server, "bench_sweep");
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = "bench_sweep" }.ConnectionString;
        await Database.ExecuteAsync(cs, Schema);
        await using var database = NpgsqlDataSource.Create(cs);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var pending = 0;
        foreach (var size in new[] { 10_000, 100_000, 1_000_000 })
        {
            await Database.ExecuteAsync(cs, $"""
                INSERT INTO sweep_appointments
                SELECT gen_random_uuid(), CURRENT_DATE + (n % 30), time '08:00' + (n % 48) * interval '15 minutes', 15, 'SCHEDULED'
                FROM generate_series({pending + 1}, {size}) AS n;
                ANALYZE sweep_appointments;
                """);
            pending = size;
            var (rows, ms) = await TickAsync(database, today, handle: false);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"Sweep tick at {size:N0} pending: reads {rows:N0} rows (today's pending, each checked in code), {ms:F0} ms; 288 ticks a day whether anything is due or not"));
        }

        // The burst: count appointments whose slot ends at the same instant, one tick exactly then.
        var dueAt = DateTimeOffset.UtcNow;
        var slotStart = TimeOnly.FromDateTime(dueAt.UtcDateTime.AddMinutes(-15));
        await Database.ExecuteAsync(cs, $"""
            DELETE FROM sweep_appointments WHERE appointment_date = CURRENT_DATE;
            INSERT INTO sweep_appointments SELECT gen_random_uuid(), DATE '{today:yyyy-MM-dd}', TIME '{slotStart:HH:mm:ss.ffffff}', 15, 'SCHEDULED'
            FROM generate_series(1, {count});
            """);
        dueAt = new DateTimeOffset(today.ToDateTime(slotStart).AddMinutes(15), TimeSpan.Zero);
        await TickAsync(database, today, handle: true);
        var lateness = await Database.ColumnAsync(cs, "SELECT extract(epoch FROM handled_at - due_at) * 1000 FROM sweep_no_show_logs");
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Sweep, deadlines spread over the day: a 5-minute tick is late by 0–300 s (p50 150 s, p99 297 s) before it starts work; deadlines after 22:55 wait for 07:00"));
        return new PeerFigures("Seeds' 5-minute sweep (tick exactly at the deadline, its best case)", count, lateness,
            await Database.ScalarAsync<long>(cs, "SELECT count(DISTINCT appointment_id) FROM sweep_no_show_logs"),
            lateness.Count == 0 ? double.NaN : lateness.Max() / 1000.0);
    }

    /// <summary>One tick: read today's pending appointments; when handling, mark each due one in its own transaction.</summary>
    private static async Task<(int Rows, double Ms)> TickAsync(NpgsqlDataSource database, DateOnly today, bool handle)
    {
        var clock = Stopwatch.StartNew();
        var due = new List<(Guid Id, DateTimeOffset DueAt)>();
        var rows = 0;
        await using (var command = database.CreateCommand(Tick))
        {
            command.Parameters.Add(new() { Value = today });
            await using var reader = await command.ExecuteReaderAsync();
            var now = DateTime.UtcNow;
            while (await reader.ReadAsync())
            {
                rows++;
                var end = today.ToDateTime(TimeOnly.FromTimeSpan(reader.GetTimeSpan(1))).AddMinutes(reader.GetInt32(2));
                if (now >= end)
                {
                    due.Add((reader.GetGuid(0), new DateTimeOffset(end, TimeSpan.Zero)));
                }
            }
        }
        if (handle)
        {
            await using var connection = await database.OpenConnectionAsync();
            foreach (var (id, dueAt) in due)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var update = new NpgsqlCommand("UPDATE sweep_appointments SET status = 'NO_SHOW' WHERE id = $1", connection, transaction);
                update.Parameters.Add(new() { Value = id });
                await update.ExecuteNonQueryAsync();
                await using var log = new NpgsqlCommand("INSERT INTO sweep_no_show_logs (appointment_id, due_at) VALUES ($1, $2)", connection, transaction);
                log.Parameters.Add(new() { Value = id });
                log.Parameters.Add(new() { Value = dueAt.UtcDateTime });
                await log.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
        }
        return (rows, clock.Elapsed.TotalMilliseconds);
    }
}
