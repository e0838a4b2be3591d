using System.Data;
using Hms.Tests.Infrastructure;
using Npgsql;

namespace Hms.Tests.Database;

/// <summary>
/// The reminder range reads return what the reminder service may schedule and leave far deadlines in storage
/// (src/Hms.Silo/Database/Migrations/0020_reminder_due_window.sql): every row whose start has passed, whatever its
/// period; every row starting within the due window of the database clock; no row starting beyond it. Start
/// times are written relative to the database clock, as the expectations are computed from it.
/// </summary>
public sealed class ReminderDueWindowTests : IAsyncLifetime
{
    private MigratedDatabase _database = null!;

    private string Db => _database.ConnectionString;

    private NpgsqlDataSource Source => _database.Source;

    private IReadOnlyDictionary<string, string> Queries => _database.Queries;

    public async Task InitializeAsync() => _database = await MigratedDatabase.CreateAsync("duewindow", "ReadRangeRows%");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>A reminder row starting <paramref name="startsIn"/> from the database clock.</summary>
    private Task PendingAsync(string grain, string startsIn, string period = "1 minute", int hash = 7) =>
        TestPostgres.ExecuteAsync(Db, """
            INSERT INTO orleansremindersv2table (serviceid, grainid, remindername, starttime, period, grainhash, version)
            VALUES ('hms', $1, 'deadline', now() + $2::interval, extract(epoch FROM $3::interval)::bigint * 1000, $4, 0)
            """, grain, startsIn, period, hash);

    /// <summary>The grains a range read returns, with the database clock the read saw (one transaction).</summary>
    private async Task<(HashSet<string> Grains, DateTime Now)> ReadAsync(string key, int begin, int end)
    {
        await using var connection = await Source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using var clock = new NpgsqlCommand("SELECT now()", connection, transaction);
        var now = (DateTime)(await clock.ExecuteScalarAsync())!;
        await using var command = new NpgsqlCommand(Queries[key], connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "ServiceId", Value = "hms", DbType = DbType.String });
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "BeginHash", Value = begin, DbType = DbType.Int32 });
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "EndHash", Value = end, DbType = DbType.Int32 });
        var grains = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                grains.Add(reader.GetString(0));
            }
        }
        await transaction.CommitAsync();
        return (grains, now);
    }

    [Theory]
    [InlineData("ReadRangeRows1Key", int.MinValue, int.MaxValue)]
    [InlineData("ReadRangeRows2Key", 0, 0)] // the whole ring, as src/Hms.Silo/Deadlines/OverdueReminders.cs reads it
    public async Task DueAndNearRowsAreReturnedAndFarOnesAreNot(string key, int begin, int end)
    {
        await PendingAsync("overdue-for-days", "-2 days");
        await PendingAsync("past-start-long-period", "-3 hours", period: "7 days"); // next tick in 4 days: still returned
        await PendingAsync("due-now", "0 seconds");
        await PendingAsync("near", "30 minutes");
        await PendingAsync("just-inside", "59 minutes");
        await PendingAsync("just-beyond", "61 minutes");
        await PendingAsync("far", "40 days");
        await PendingAsync("far-long-period", "2 days", period: "30 days");

        var (grains, _) = await ReadAsync(key, begin, end);

        Assert.Equal(["due-now", "just-inside", "near", "overdue-for-days", "past-start-long-period"], grains.Order());
    }

    [Fact]
    public async Task TheWindowIsASettingMeasuredFromTheDatabaseClock()
    {
        await TestPostgres.ExecuteAsync(Db, "UPDATE hms_reminder_due_window SET due_within = '10 minutes'");
        await PendingAsync("near", "5 minutes");
        await PendingAsync("beyond", "20 minutes");

        var (grains, _) = await ReadAsync("ReadRangeRows1Key", int.MinValue, int.MaxValue);

        Assert.Equal(["near"], grains);
    }

    [Fact]
    public async Task AFarRowIsReturnedOnceItsStartComesWithinTheWindow()
    {
        // A two-second window lets the database clock bring a row near while the test watches; every read
        // is checked against the clock of its own transaction, so no read's timing is assumed.
        await TestPostgres.ExecuteAsync(Db, "UPDATE hms_reminder_due_window SET due_within = '2 seconds'");
        await PendingAsync("soon", "3 seconds");
        var start = await TestPostgres.ScalarAsync<DateTime>(Db, "SELECT starttime FROM orleansremindersv2table WHERE grainid = 'soon'");
        var window = TimeSpan.FromSeconds(2);

        var sawItLeftOut = false;
        var returned = await Eventually.Until(async () =>
        {
            var (grains, now) = await ReadAsync("ReadRangeRows1Key", int.MinValue, int.MaxValue);
            var expected = start <= now + window;
            Assert.Equal(expected, grains.Contains("soon"));
            sawItLeftOut |= !expected;
            return expected;
        }, done => done, TimeSpan.FromSeconds(30), "the row's start within the window");

        Assert.True(returned);
        Assert.True(sawItLeftOut, "the row was left out while its start was beyond the window");
        // Once near, always near: later reads keep returning it.
        Assert.Contains("soon", (await ReadAsync("ReadRangeRows2Key", 0, 0)).Grains);
    }

    [Theory]
    [InlineData("ReadRangeRows1Key", -1_000_000_000, 1_000_000_000, 7)]
    [InlineData("ReadRangeRows2Key", 1_000_000_000, -1_000_000_000, 2_000_000_000)]
    public async Task TheIndexStopsAtTheHorizonSoFarRowsAreNeverFetched(string key, int begin, int end, int nearHash)
    {
        await TestPostgres.ExecuteAsync(Db, """
            INSERT INTO orleansremindersv2table (serviceid, grainid, remindername, starttime, period, grainhash, version)
            SELECT 'hms', 'far/' || g, 'deadline', now() + interval '2 days' + g * interval '1 minute', 60000, hashint4(g), 0
              FROM generate_series(1, 20000) g
            """);
        await PendingAsync("near", "5 minutes", hash: nearHash);
        await TestPostgres.ExecuteAsync(Db, "ANALYZE orleansremindersv2table");

        await using var command = Source.CreateCommand("EXPLAIN (ANALYZE, FORMAT TEXT) " + Queries[key]);
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "ServiceId", Value = "hms", DbType = DbType.String });
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "BeginHash", Value = begin, DbType = DbType.Int32 });
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "EndHash", Value = end, DbType = DbType.Int32 });
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }
        var text = string.Join("\n", plan);

        Assert.Contains("ix_orleansreminders_due", text);
        Assert.DoesNotContain("Seq Scan", text);
        // The scan node touched one row: the near one (a far row's removal would show as a filtered row).
        Assert.Matches(@"on orleansremindersv2table .*actual time=\S+ rows=1 loops=1", plan[0]);
        Assert.DoesNotContain("Rows Removed by Filter", text);
    }
}
