using Hms.Bench.Cluster;
using Hms.Bench.Reporting;
using Npgsql;

namespace Hms.Bench.Peers;

/// <summary>
/// What every peer's job does when it fires, so each does the same database work: one row with
/// the deadline and the database's clock at the moment of handling. The figures come from there.
/// </summary>
public static class PeerRecord
{
    public const string Table = """
        CREATE TABLE IF NOT EXISTS peer_handled (
            id         uuid        NOT NULL,
            due_at     timestamptz NOT NULL,
            handled_at timestamptz NOT NULL DEFAULT clock_timestamp())
        """;

    /// <summary>The peer's database, which its jobs (activated by the peer, so static) write to.</summary>
    private static NpgsqlDataSource? s_database;

    /// <summary>A fresh database for one peer run with the figures table; returns its connection string.</summary>
    public static async Task<string> OpenAsync(string server, string database)
    {
        await Database.RecreateAsync(server, database);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        await Database.ExecuteAsync(connectionString, Table);
        s_database = NpgsqlDataSource.Create(connectionString);
        return connectionString;
    }

    /// <summary>
    /// After every job was scheduled: waits until all ran (or 15 minutes), stops the peer, and reads
    /// the figures back.
    /// </summary>
    public static async Task<PeerFigures> CollectAsync(string name, string connectionString, int expected, DateTimeOffset dueAt, Func<Task> stop)
    {
        Lead.Check(dueAt, name);
        await WaitAsync(connectionString, expected, dueAt, TimeSpan.FromMinutes(15));
        await stop();
        var figures = await FiguresAsync(name, connectionString, expected);
        if (s_database is not null)
        {
            await s_database.DisposeAsync();
            s_database = null;
        }
        return figures;
    }

    public static async Task HandleAsync(Guid id, DateTimeOffset dueAt)
    {
        await using var command = s_database!.CreateCommand("INSERT INTO peer_handled (id, due_at) VALUES ($1, $2)");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = dueAt.UtcDateTime });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitAsync(string connectionString, int expected, DateTimeOffset dueAt, TimeSpan timeout)
    {
        var deadline = dueAt + timeout;
        while (DateTimeOffset.UtcNow < deadline &&
               await Database.ScalarAsync<long>(connectionString, "SELECT count(*) FROM peer_handled") < expected)
        {
            await Task.Delay(250);
        }
    }

    private static async Task<PeerFigures> FiguresAsync(string name, string connectionString, int expected)
    {
        var lateness = await Database.ColumnAsync(connectionString, "SELECT extract(epoch FROM handled_at - due_at) * 1000 FROM peer_handled");
        var distinct = await Database.ScalarAsync<long>(connectionString, "SELECT count(DISTINCT id) FROM peer_handled");
        var drain = lateness.Count == 0 ? double.NaN : lateness.Max() / 1000.0;
        return new PeerFigures(name, expected, lateness, distinct, drain);
    }
}

public sealed record PeerFigures(string Name, int Expected, IReadOnlyList<double> LatenessMs, long Distinct, double DrainSeconds)
{
    public double P99 => Figures.Percentile(LatenessMs, 99);

    public double PerSecond => LatenessMs.Count / DrainSeconds;

    /// <summary>One line of figures; with ours given, the ratios ours/theirs (below 1 is better for lateness).</summary>
    public string Line(double? oursP99 = null, double? oursRate = null)
    {
        var line = FormattableString.Invariant(
            $"{Name}: {LatenessMs.Count}/{Expected} handled ({Distinct} distinct); lateness {Figures.Spread(LatenessMs)}; drained in {DrainSeconds:F1} s = {PerSecond:F0}/s");
        if (oursP99 is { } p && oursRate is { } r)
        {
            line += FormattableString.Invariant($"; ours/theirs: p99 lateness {p / P99:F4}, throughput {r / PerSecond:F2}");
        }
        return line;
    }
}
