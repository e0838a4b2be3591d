using Hms.ReadModel;

namespace Hms.Silo.ReadModel;

/// <summary>
/// Told after rows of one type are committed to the read model (registered by the row's capability),
/// e.g. to push them to live feeds. Called on the writer's loop: it must only hand the rows on (a
/// one-way grain call), never wait on them. Not durable: a crash between the commit and the call loses
/// the call, so what listens must be able to catch up from the read model.
/// </summary>
public interface IRowsWritten
{
    Type Row { get; }

    void OnWritten(IReadOnlyList<ReadModelRecord> rows);
}

public static class RowsWrittenRegistration
{
    public static IServiceCollection AddRowsWritten<T>(this IServiceCollection services, Action<IServiceProvider, IReadOnlyList<T>> written)
        where T : ReadModelRecord =>
        services.AddSingleton<IRowsWritten>(sp => new Listener<T>(sp, written));

    private sealed class Listener<T>(IServiceProvider services, Action<IServiceProvider, IReadOnlyList<T>> written) : IRowsWritten
        where T : ReadModelRecord
    {
        public Type Row => typeof(T);

        public void OnWritten(IReadOnlyList<ReadModelRecord> rows) => written(services, [.. rows.Cast<T>()]);
    }
}
