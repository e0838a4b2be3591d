using System.Collections.Immutable;
using Hms.Jobs;
using Npgsql;

namespace Hms.Silo.Jobs;

public static class DueRecords
{
    /// <summary>A backup pass's query run: each row is (record id, tenant id, its earliest deadline).</summary>
    public static async Task<ImmutableArray<DueRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = ImmutableArray.CreateBuilder<DueRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueRecord(reader.GetGuid(0).ToString(), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return due.ToImmutable();
    }
}
