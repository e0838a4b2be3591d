using Hms.Retention;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Hms.Silo.Retention;

/// <summary>
/// Deletes one tenant's old history table by table, in batches of <see cref="Batch"/> rows so no
/// statement holds many locks or a long transaction; each table's tenant and age columns are indexed
/// (migration 0014). Rows whose table names a grain state take that grain's stored state with them.
/// </summary>
public sealed class PostgresHistoryTrimmer(
    NpgsqlDataSource database,
    IEnumerable<HistoryTable> tables,
    IOptions<RetentionOptions> options,
    IOptions<ClusterOptions> cluster) : IHistoryTrimmer
{
    public const int Batch = 5000;

    public async Task<IReadOnlyDictionary<string, long>> TrimAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var removed = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            if (options.Value.CutOff(table.Class, now) is not { } cutOff)
            {
                continue;
            }
            long count = 0;
            int deleted;
            do
            {
                deleted = await DeleteBatchAsync(table, tenantId, cutOff, cancellationToken);
                count += deleted;
            }
            while (deleted == Batch);
            removed[table.Table] = removed.GetValueOrDefault(table.Table) + count;
        }
        return removed;
    }

    private async Task<int> DeleteBatchAsync(HistoryTable table, string tenantId, DateTimeOffset cutOff, CancellationToken cancellationToken)
    {
        var condition = table.Condition is null ? "" : $" AND ({table.Condition})";
        var sql = $"""
            DELETE FROM {table.Table} WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM {table.Table} WHERE {table.TenantColumn} = $1 AND {table.AgeColumn} < $2{condition} LIMIT {Batch}))
            {(table.GrainState is null ? "" : "RETURNING id")}
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = tenantId }, new() { Value = cutOff } } };
        int deleted;
        if (table.GrainState is { } stateName)
        {
            var keys = new List<Guid>();
            await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Add(reader.GetGuid(0));
                }
            }
            await DeleteGrainStateAsync(connection, transaction, stateName, keys, cancellationToken);
            deleted = keys.Count;
        }
        else
        {
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task DeleteGrainStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stateName, List<Guid> keys,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }
        var stored = keys.Select(GrainStorageKey.Of).ToList();
        await using var command = new NpgsqlCommand("""
            DELETE FROM orleansstorage s USING unnest($1::bigint[], $2::bigint[]) AS k(n0, n1)
             WHERE s.grainidn0 = k.n0 AND s.grainidn1 = k.n1 AND s.graintypestring = $3 AND s.serviceid = $4
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = stored.Select(k => k.N0).ToArray() },
                new() { Value = stored.Select(k => k.N1).ToArray() },
                new() { Value = stateName },
                new() { Value = cluster.Value.ServiceId },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Where Orleans' ADO.NET grain storage files a Guid-keyed grain: <c>grainidn0</c> and <c>grainidn1</c>
/// are the two little-endian halves of <see cref="Guid.ToByteArray()"/>, and <c>graintypestring</c> is the
/// state's name. tests/Hms.Tests/Durability/NoShowDurabilityTests.cs checks this against rows a real silo wrote.
/// </summary>
public static class GrainStorageKey
{
    public static (long N0, long N1) Of(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        return (BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]));
    }
}
