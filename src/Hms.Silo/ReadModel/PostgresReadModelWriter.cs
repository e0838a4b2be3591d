using Hms.ReadModel;
using Npgsql;

namespace Hms.Silo.ReadModel;

/// <summary>Writes a grain's outbox as one batch: one round trip, one implicit transaction.</summary>
public sealed class PostgresReadModelWriter(NpgsqlDataSource database) : IReadModelWriter
{
    public async Task WriteAsync(IReadOnlyList<ReadModelRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return;
        }
        await using var batch = database.CreateBatch();
        foreach (var record in records)
        {
            batch.BatchCommands.Add(ReadModelUpserts.For(record));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
