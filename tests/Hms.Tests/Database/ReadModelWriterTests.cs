using Hms.Jobs;
using Hms.Silo.Database;
using Hms.Silo.Jobs;
using Hms.Silo.ReadModel;
using Microsoft.Extensions.DependencyInjection;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hms.Tests.Database;

/// <summary>The read-model writer's group commit on PostgreSQL: together when concurrent, alone when one fails.</summary>
public sealed class ReadModelWriterTests
{
    [Fact]
    public async Task ConcurrentFlushesAreAllWrittenAndABadOneFailsOnlyItself()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("writer");
        try
        {
            await using var database = NpgsqlDataSource.Create(connectionString);
            await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
            var upserts = new ServiceCollection().AddSingleton<RowUpserts>().AddRowUpsert<JobRunRow>(JobRunUpserts.JobRun)
                .BuildServiceProvider().GetRequiredService<RowUpserts>();
            await using var writer = new PostgresReadModelWriter(database, upserts);

            var good = Enumerable.Range(0, 300).Select(_ => Run("h-writer")).ToList();
            var writes = good.Select(run => writer.WriteAsync([run])).ToList();
            var bad = writer.WriteAsync([Run(tenantId: null!)]); // tenant_id is NOT NULL
            writes.AddRange(good.Take(50).Select(run => writer.WriteAsync([run, Run("h-writer")])));

            await Assert.ThrowsAsync<PostgresException>(() => bad);
            await Task.WhenAll(writes);
            Assert.Equal(350L, await TestPostgres.ScalarAsync<long>(connectionString, "SELECT count(*) FROM job_runs WHERE tenant_id = 'h-writer'"));

            await writer.WriteAsync([Run("h-alone")]); // and one at a time, when nothing else is waiting
            Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(connectionString, "SELECT count(*) FROM job_runs WHERE tenant_id = 'h-alone'"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static JobRunRow Run(string tenantId) => new(Guid.NewGuid(), new JobName("WRITER_TEST"), tenantId, JobStatus.Completed,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 0, 1, null, RunSource.Named("test"), null, null, null);
}
