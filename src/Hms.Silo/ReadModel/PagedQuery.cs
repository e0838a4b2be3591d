using System.Collections.Immutable;
using System.Data.Common;
using Hms.Common;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.ReadModel;

/// <summary>A filtered list with its total: the count and the page in one round trip.</summary>
public static class PagedQuery
{
    /// <summary>
    /// Runs <c>SELECT count(*) {from}</c> and <c>SELECT {columns} {from} ORDER BY {orderBy}</c> with
    /// the window; <paramref name="from"/> holds the FROM/WHERE part with the filter as $1…$n.
    /// </summary>
    public static async Task<Page<T>> ReadAsync<T>(NpgsqlDataSource database, string columns, string from, string orderBy,
        NpgsqlParameter[] filter, Paging paging, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var n = filter.Length;
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT count(*)::int {from}", [.. filter.Select(Clone)]));
        batch.BatchCommands.Add(Command($"SELECT {columns} {from} ORDER BY {orderBy} LIMIT ${n + 1} OFFSET ${n + 2}",
            [.. filter, Int(paging.Limit), Int(paging.Offset)]));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt32(0);
        await reader.NextResultAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(map(reader));
        }
        return new Page<T>(items.ToImmutable(), total, paging.Limit, paging.Offset);
    }

    /// <summary>A parameter belongs to one command; the count and the page each get their own.</summary>
    private static NpgsqlParameter Clone(NpgsqlParameter p) => new() { Value = p.Value, NpgsqlDbType = p.NpgsqlDbType };
}

public static class ReaderExtensions
{
    public static T? Nullable<T>(this DbDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
