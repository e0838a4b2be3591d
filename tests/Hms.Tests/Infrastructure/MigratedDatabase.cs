using Hms.Silo.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A fresh database with every migration applied and the Orleans providers' stored queries
/// (OrleansQuery) read out by key, for tests that run those queries as the providers do.
/// </summary>
public sealed class MigratedDatabase : IAsyncDisposable
{
    private MigratedDatabase(string connectionString, NpgsqlDataSource source, Dictionary<string, string> queries) =>
        (ConnectionString, Source, Queries) = (connectionString, source, queries);

    public string ConnectionString { get; }

    public NpgsqlDataSource Source { get; }

    /// <summary>Query text by QueryKey.</summary>
    public IReadOnlyDictionary<string, string> Queries { get; }

    /// <param name="name">Part of the database's name, to tell test databases apart.</param>
    /// <param name="keys">A LIKE pattern on QueryKey (default: every query).</param>
    public static async Task<MigratedDatabase> CreateAsync(string name, string keys = "%")
    {
        var db = await TestPostgres.CreateDatabaseAsync(name);
        var source = NpgsqlDataSource.Create(db);
        await new SchemaMigrator(source, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var queries = new Dictionary<string, string>();
        await using var command = source.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey LIKE $1");
        command.Parameters.AddWithValue(keys);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                queries[reader.GetString(0)] = reader.GetString(1);
            }
        }
        return new MigratedDatabase(db, source, queries);
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
