using System.Threading.Channels;
using Hms.ReadModel;
using Npgsql;

namespace Hms.Silo.ReadModel;

/// <summary>
/// Writes grains' outboxes to the read model with group commit: flushes that arrive while a batch
/// is in the database wait and go together in the next one — one round trip and one commit for many
/// grains when deadlines fall due together, and no added wait when they come one at a time. Each
/// caller learns its own outcome: a batch that fails is retried one flush at a time, so a bad row
/// fails only its own grain (which retries it from its outbox).
/// </summary>
public sealed class PostgresReadModelWriter : IReadModelWriter, IAsyncDisposable
{
    /// <summary>
    /// Concurrent batches: while some are in the database the next ones fill. A burst of deadlines is
    /// bound by how fast these batches run, so more than two let PostgreSQL use more than one core for them.
    /// </summary>
    private const int Writers = 4;

    /// <summary>Statements per batch, so one transaction stays short.</summary>
    private const int MaxStatements = 500;

    private readonly NpgsqlDataSource _database;
    private readonly RowUpserts _upserts;
    private readonly Dictionary<Type, IRowsWritten[]> _listeners;
    private readonly ILogger _logger;
    private readonly Channel<Flush> _flushes = Channel.CreateUnbounded<Flush>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    public PostgresReadModelWriter(NpgsqlDataSource database, RowUpserts upserts, IEnumerable<IRowsWritten>? listeners = null,
        ILogger<PostgresReadModelWriter>? logger = null)
    {
        _database = database;
        _upserts = upserts;
        _listeners = (listeners ?? []).GroupBy(l => l.Row).ToDictionary(g => g.Key, g => g.ToArray());
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync))];
    }

    public Task WriteAsync(IReadOnlyList<ReadModelRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }
        var flush = new Flush(records, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_flushes.Writer.TryWrite(flush))
        {
            throw new ObjectDisposedException(nameof(PostgresReadModelWriter));
        }
        return flush.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _flushes.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Flush>();
        while (await _flushes.Reader.WaitToReadAsync())
        {
            var statements = 0;
            while (statements < MaxStatements && _flushes.Reader.TryRead(out var flush))
            {
                batch.Add(flush);
                statements += flush.Records.Count;
            }
            if (batch.Count > 0)
            {
                await WriteAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task WriteAsync(List<Flush> batch)
    {
        try
        {
            await ExecuteAsync(batch.SelectMany(f => f.Records));
            Written(batch.SelectMany(f => f.Records));
            batch.ForEach(f => f.Done.TrySetResult());
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One flush (or a deadlock between batches) failed them all: each on its own now.
            foreach (var flush in batch)
            {
                await WriteAsync([flush]);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    /// <summary>Tells each row type's listeners of the rows just committed.</summary>
    private void Written(IEnumerable<ReadModelRecord> records)
    {
        if (_listeners.Count == 0)
        {
            return;
        }
        foreach (var rows in records.Where(r => _listeners.ContainsKey(r.GetType())).GroupBy(r => r.GetType()))
        {
            foreach (var listener in _listeners[rows.Key])
            {
                try
                {
                    listener.OnWritten([.. rows]);
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "A listener of written {Row} rows failed", rows.Key.Name);
                }
            }
        }
    }

    /// <summary>One batch is one implicit transaction: all its rows are written, or none.</summary>
    private async Task ExecuteAsync(IEnumerable<ReadModelRecord> records)
    {
        await using var batch = _database.CreateBatch();
        foreach (var record in records)
        {
            batch.BatchCommands.Add(_upserts.For(record));
        }
        await batch.ExecuteNonQueryAsync();
    }

    private sealed record Flush(IReadOnlyList<ReadModelRecord> Records, TaskCompletionSource Done);
}
