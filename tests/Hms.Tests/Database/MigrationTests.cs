using Hms.Silo.Database;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hms.Tests.Database;

public sealed class MigrationTests
{
    private static readonly string[] OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task MigratorsStartingTogetherOnAnEmptyDatabaseApplyEachMigrationOnce()
    {
        var db = await TestPostgres.CreateDatabaseAsync("migrate");
        try
        {
            await using var source = NpgsqlDataSource.Create(db);
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).MigrateAsync()));

            Assert.Equal(SchemaMigrator.All.Count, runs.Sum());
            Assert.Equal(SchemaMigrator.All.Count, (int)await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM hms_schema_migrations"));
            Assert.Equal(0, await new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).MigrateAsync());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(db);
        }
    }

    [Fact]
    public async Task EveryQueryTheOrleansProvidersNeedIsInstalled()
    {
        var db = await TestPostgres.CreateDatabaseAsync("queries");
        try
        {
            await using var source = NpgsqlDataSource.Create(db);
            await new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
            await using var command = source.CreateCommand("SELECT QueryKey FROM OrleansQuery");
            await using var reader = await command.ExecuteReaderAsync();
            var keys = new List<string>();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
            Assert.Empty(OrleansQueryKeys.Except(keys));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(db);
        }
    }

    [Fact]
    public void MigrationsAreNumberedWithoutGaps()
    {
        var versions = SchemaMigrator.All.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Max()), versions);
    }
}
