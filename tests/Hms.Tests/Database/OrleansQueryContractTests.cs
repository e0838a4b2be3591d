using System.Data;
using Hms.Tests.Infrastructure;
using Npgsql;

namespace Hms.Tests.Database;

/// <summary>
/// Runs our stored Orleans queries the way the ADO.NET providers do (named parameters with DbTypes)
/// and checks the contract: optimistic versions for state, conditional deletes for reminders, and
/// version-guarded membership changes.
/// </summary>
public sealed class OrleansQueryContractTests : IAsyncLifetime
{
    private MigratedDatabase _database = null!;

    private string Db => _database.ConnectionString;

    private NpgsqlDataSource Source => _database.Source;

    private IReadOnlyDictionary<string, string> Queries => _database.Queries;

    public async Task InitializeAsync() => _database = await MigratedDatabase.CreateAsync("contract");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<object?> RunAsync(string key, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var command = Source.CreateCommand(Queries[key]);
        foreach (var (name, value, type) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            p.DbType = type;
            command.Parameters.Add(p);
        }
        return await command.ExecuteScalarAsync();
    }

    private static (string, object?, DbType)[] StorageKey(int? version, byte[]? payload = null)
    {
        var key = new List<(string, object?, DbType)>
        {
            ("GrainIdHash", 42, DbType.Int32), ("GrainIdN0", 7L, DbType.Int64), ("GrainIdN1", 9L, DbType.Int64),
            ("GrainTypeHash", -5, DbType.Int32), ("GrainTypeString", "appointment", DbType.String),
            ("GrainIdExtensionString", null, DbType.String), ("ServiceId", "hms", DbType.String),
            ("GrainStateVersion", version, DbType.Int32),
        };
        if (payload is not null)
        {
            key.Add(("PayloadBinary", payload, DbType.Binary));
        }
        return [.. key];
    }

    [Fact]
    public async Task GrainStateWritesAreOptimistic()
    {
        Assert.Equal(1, await RunAsync("WriteToStorageKey", StorageKey(null, [1])));
        // A second "first write" loses: the row exists, nothing changes, no version comes back.
        Assert.True(await RunAsync("WriteToStorageKey", StorageKey(null, [2])) is DBNull);
        Assert.Equal(2, await RunAsync("WriteToStorageKey", StorageKey(1, [3])));
        // A stale version is refused: the version returned equals the one sent.
        Assert.Equal(1, await RunAsync("WriteToStorageKey", StorageKey(1, [4])));

        await using var read = Source.CreateCommand(Queries["ReadFromStorageKey"]);
        foreach (var (name, value, type) in StorageKey(null))
        {
            read.Parameters.Add(new NpgsqlParameter { ParameterName = name, Value = value ?? DBNull.Value, DbType = type });
        }
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(new byte[] { 3 }, (byte[])reader["PayloadBinary"]);
        Assert.Equal(2, reader.GetInt32(reader.GetOrdinal("Version")));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task ClearingNeedsTheCurrentVersion()
    {
        await RunAsync("WriteToStorageKey", StorageKey(null, [1]));
        // Refused: the version sent comes back unchanged, which the provider reads as a conflict.
        Assert.Equal(5, await RunAsync("ClearStorageKey", StorageKey(5)));
        Assert.Equal(2, await RunAsync("ClearStorageKey", StorageKey(1)));
    }

    [Fact]
    public async Task ReminderUpsertBumpsTheVersionAndDeleteNeedsIt()
    {
        (string, object?, DbType)[] Row(DateTime start) =>
        [
            ("ServiceId", "hms", DbType.String), ("GrainId", "appointment/1", DbType.AnsiString),
            ("ReminderName", "no-show", DbType.String), ("StartTime", start, DbType.DateTime),
            ("Period", 60_000, DbType.Int32), ("GrainHash", -12345, DbType.Int32),
        ];
        var start = new DateTime(2026, 11, 23, 9, 15, 0, DateTimeKind.Utc);
        Assert.Equal(0, await RunAsync("UpsertReminderRowKey", Row(start)));
        Assert.Equal(1, await RunAsync("UpsertReminderRowKey", Row(start.AddMinutes(5))));

        (string, object?, DbType)[] Delete(int version) =>
        [
            ("ServiceId", "hms", DbType.String), ("GrainId", "appointment/1", DbType.AnsiString),
            ("ReminderName", "no-show", DbType.String), ("Version", version, DbType.Int32),
        ];
        Assert.Equal(0, await RunAsync("DeleteReminderRowKey", Delete(0)));
        Assert.Equal(1, await RunAsync("DeleteReminderRowKey", Delete(1)));
    }

    [Fact]
    public async Task ReminderRangesSelectByGrainHashIncludingTheWrappingRange()
    {
        foreach (var (grain, hash) in new[] { ("a/1", -100), ("a/2", 0), ("a/3", 100) })
        {
            await RunAsync("UpsertReminderRowKey",
                ("ServiceId", "hms", DbType.String), ("GrainId", grain, DbType.AnsiString), ("ReminderName", "r", DbType.String),
                ("StartTime", DateTime.UtcNow, DbType.DateTime), ("Period", 60_000, DbType.Int32), ("GrainHash", hash, DbType.Int32));
        }
        async Task<int> Count(string key, int begin, int end)
        {
            await using var command = Source.CreateCommand(Queries[key]);
            command.Parameters.Add(new NpgsqlParameter { ParameterName = "ServiceId", Value = "hms", DbType = DbType.String });
            command.Parameters.Add(new NpgsqlParameter { ParameterName = "BeginHash", Value = begin, DbType = DbType.Int32 });
            command.Parameters.Add(new NpgsqlParameter { ParameterName = "EndHash", Value = end, DbType = DbType.Int32 });
            await using var reader = await command.ExecuteReaderAsync();
            var n = 0;
            while (await reader.ReadAsync())
            {
                n++;
            }
            return n;
        }
        Assert.Equal(2, await Count("ReadRangeRows1Key", -100, 100)); // (-100, 100]
        Assert.Equal(2, await Count("ReadRangeRows2Key", 50, -50));   // (50, max] ∪ [min, -50]
    }

    [Fact]
    public async Task MembershipChangesNeedTheTableVersionTheyRead()
    {
        var cluster = ("DeploymentId", (object?)"c1", DbType.String);
        Assert.Equal(1, await RunAsync("InsertMembershipVersionKey", cluster));
        Assert.Equal(0, await RunAsync("InsertMembershipVersionKey", cluster));

        (string, object?, DbType)[] Member(int version) =>
        [
            cluster, ("Address", "127.0.0.1", DbType.AnsiString), ("Port", 11111, DbType.Int32), ("Generation", 1, DbType.Int32),
            ("SiloName", "s1", DbType.String), ("HostName", "h", DbType.String), ("Status", 3, DbType.Int32),
            ("ProxyPort", 30000, DbType.Int32), ("StartTime", DateTime.UtcNow, DbType.DateTime),
            ("IAmAliveTime", DateTime.UtcNow, DbType.DateTime), ("Version", version, DbType.Int32),
        ];
        Assert.Equal(0, await RunAsync("InsertMembershipKey", Member(5)));
        Assert.Equal(1, await RunAsync("InsertMembershipKey", Member(0)));
        Assert.Equal(0, await RunAsync("InsertMembershipKey", Member(1))); // already a member
        Assert.Equal(1, await TestPostgres.ScalarAsync<int>(Db, "SELECT version FROM orleansmembershipversiontable WHERE deploymentid = 'c1'"));

        (string, object?, DbType)[] Update(int version) =>
        [
            cluster, ("Address", "127.0.0.1", DbType.AnsiString), ("Port", 11111, DbType.Int32), ("Generation", 1, DbType.Int32),
            ("Status", 6, DbType.Int32), ("SuspectTimes", null, DbType.String), ("IAmAliveTime", DateTime.UtcNow, DbType.DateTime),
            ("Version", version, DbType.Int32),
        ];
        Assert.Equal(0, await RunAsync("UpdateMembershipKey", Update(0)));
        Assert.Equal(1, await RunAsync("UpdateMembershipKey", Update(1)));
        Assert.Equal(6, await TestPostgres.ScalarAsync<int>(Db, "SELECT status FROM orleansmembershiptable"));
    }
}
