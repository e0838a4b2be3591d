using System.Data.Common;
using System.Text.Json;
using Hms.Common;
using Hms.KpiAlerts;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.KpiAlerts;

public sealed class PostgresKpiAlertReader(NpgsqlDataSource database) : IKpiAlertReader
{
    private const string RunColumns = """
        id, alert_id, tenant_id, kind, occurrence, status, reason, error, started_at, duration_ms, recipients, attachment_type,
        attachment_bytes, value, missed_occurrences, attempt
        """;

    public Task<Page<KpiAlertView>> ListAsync(string tenantId, KpiAlertType? type, bool? isActive, Paging paging,
        CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "alert",
            """
            FROM kpi_alerts
            WHERE tenant_id = $1 AND ($2::text IS NULL OR alert_type = $2) AND ($3::boolean IS NULL OR is_active = $3)
            """,
            "created_at, id",
            [Text(tenantId), Text(type?.ToString()), P(isActive, NpgsqlTypes.NpgsqlDbType.Boolean)],
            paging, r => JsonSerializer.Deserialize<KpiAlertView>(r.GetString(0), KpiUpserts.Json)!, cancellationToken);

    public Task<Page<KpiRun>> RunsAsync(string tenantId, Guid alertId, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, RunColumns, "FROM kpi_alert_runs WHERE tenant_id = $1 AND alert_id = $2", "started_at DESC, id",
            [Text(tenantId), Uuid(alertId)], paging, MapRun, cancellationToken);

    public async Task<KpiRunAttachment?> AttachmentAsync(string tenantId, Guid alertId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT attachment_name, attachment_type, attachment FROM kpi_alert_runs
             WHERE id = $1 AND alert_id = $2 AND tenant_id = $3 AND attachment IS NOT NULL
            """);
        command.Parameters.AddRange(new[] { Uuid(runId), Uuid(alertId), Text(tenantId) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new KpiRunAttachment(reader.GetString(0), ReportRenderer.ContentType(Enum.Parse<AttachmentType>(reader.GetString(1))),
                reader.GetFieldValue<byte[]>(2))
            : null;
    }

    private static KpiRun MapRun(DbDataReader r) => new(r.GetGuid(0), r.GetGuid(1), r.GetString(2), Enum.Parse<KpiRunKind>(r.GetString(3)),
        r.GetFieldValue<DateTimeOffset>(4), Enum.Parse<KpiRunStatus>(r.GetString(5)), r.NullableString(6), r.NullableString(7),
        r.GetFieldValue<DateTimeOffset>(8), r.GetInt64(9), [.. r.GetFieldValue<string[]>(10)],
        r.NullableString(11) is { } type ? Enum.Parse<AttachmentType>(type) : null, r.Nullable<long>(12), r.Nullable<decimal>(13), r.GetInt32(14),
        r.GetInt32(15));
}

/// <summary>The built-in KPI store: one row per metric and instant; a second push at the same instant replaces the value.</summary>
public sealed class PostgresKpiValueStore(NpgsqlDataSource database, TimeProvider clock) : IKpiValueStore
{
    public async Task AppendAsync(string tenantId, string metric, KpiPoint point, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO kpi_values (tenant_id, metric, at, value, received_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant_id, metric, at) DO UPDATE SET value = excluded.value, received_at = excluded.received_at
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Text(metric), Instant(point.At), P(point.Value, NpgsqlTypes.NpgsqlDbType.Numeric),
            Instant(clock.GetUtcNow()) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Page<KpiPoint>> PageAsync(string tenantId, string metric, DateTimeOffset? from, DateTimeOffset? to, Paging paging,
        CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "at, value",
            "FROM kpi_values WHERE tenant_id = $1 AND metric = $2 AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)",
            "at", [Text(tenantId), Text(metric), Instant(from), Instant(to)], paging, Map, cancellationToken);

    public async Task<IReadOnlyList<KpiPoint>> SeriesAsync(string tenantId, string metric, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default) =>
        await ReadAsync("SELECT at, value FROM kpi_values WHERE tenant_id = $1 AND metric = $2 AND at >= $3 AND at < $4 ORDER BY at",
            [Text(tenantId), Text(metric), Instant(from), Instant(to)], cancellationToken);

    public async Task<KpiPoint?> LatestAsync(string tenantId, string metric, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await ReadAsync("SELECT at, value FROM kpi_values WHERE tenant_id = $1 AND metric = $2 AND at <= $3 ORDER BY at DESC LIMIT 1",
            [Text(tenantId), Text(metric), Instant(at)], cancellationToken)).FirstOrDefault();

    private async Task<List<KpiPoint>> ReadAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var points = new List<KpiPoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(Map(reader));
        }
        return points;
    }

    private static KpiPoint Map(DbDataReader r) => new(r.GetFieldValue<DateTimeOffset>(0), r.GetDecimal(1));
}
