namespace Hms.ReadModel;

/// <summary>Port: writes outbox records to the read model, all in one transaction.</summary>
public interface IReadModelWriter
{
    Task WriteAsync(IReadOnlyList<ReadModelRecord> records, CancellationToken cancellationToken = default);
}
