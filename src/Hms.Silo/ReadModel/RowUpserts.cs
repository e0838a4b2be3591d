using Hms.ReadModel;
using Npgsql;

namespace Hms.Silo.ReadModel;

/// <summary>How one kind of read-model row is written: an idempotent upsert (registered by the row's capability).</summary>
public interface IRowUpsert
{
    Type Row { get; }

    NpgsqlBatchCommand For(ReadModelRecord row);
}

/// <summary>
/// Every registered upsert, by row type. Rows with a version only ever move forward, so a replayed or
/// late outbox flush never overwrites newer data.
/// </summary>
public sealed class RowUpserts(IEnumerable<IRowUpsert> upserts)
{
    private readonly Dictionary<Type, IRowUpsert> _byRow = upserts.ToDictionary(u => u.Row);

    public NpgsqlBatchCommand For(ReadModelRecord row) =>
        _byRow.TryGetValue(row.GetType(), out var upsert) ? upsert.For(row)
            : throw new NotSupportedException($"No read-model table for {row.GetType().Name}: its capability registers none.");
}

public static class RowUpsertRegistration
{
    /// <summary>Registers how rows of type <typeparamref name="T"/> are written.</summary>
    public static IServiceCollection AddRowUpsert<T>(this IServiceCollection services, Func<T, NpgsqlBatchCommand> command)
        where T : ReadModelRecord =>
        services.AddSingleton<IRowUpsert>(new Upsert<T>(command));

    private sealed class Upsert<T>(Func<T, NpgsqlBatchCommand> command) : IRowUpsert where T : ReadModelRecord
    {
        public Type Row => typeof(T);

        public NpgsqlBatchCommand For(ReadModelRecord row) => command((T)row);
    }
}
