using Npgsql;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A fingerprint of everything the read model holds for one tenant (hospital or hotel): per table with a tenant
/// column, an md5 over its rows. Equal snapshots before and after mean nothing stored changed.
/// </summary>
public static class ReadModelSnapshot
{
    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(string connectionString, string tenantId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<(string Table, string Column)>();
        await using (var find = new NpgsqlCommand("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name IN ('hospital_id', 'tenant_id', 'hotel_id')
              AND table_name NOT IN ('job_runs') ORDER BY 1
            """, connection))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (table, column) in tables)
        {
            await using var hash = new NpgsqlCommand(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t WHERE \"{column}\" = $1",
                connection);
            hash.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            snapshot[table] = (string)(await hash.ExecuteScalarAsync())!;
        }
        return snapshot;
    }
}
