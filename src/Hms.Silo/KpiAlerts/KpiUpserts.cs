using System.Text.Json;
using System.Text.Json.Serialization;
using Hms.KpiAlerts;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.KpiAlerts;

/// <summary>The KPI alerts' read-model rows: the alert (its view as JSON) and each run of its history.</summary>
public static class KpiUpserts
{
    /// <summary>How an alert's view is kept in kpi_alerts.alert.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static NpgsqlBatchCommand Alert(KpiAlertRow row)
    {
        var a = row.Alert;
        return Command("""
            INSERT INTO kpi_alerts AS t (id, tenant_id, name, alert_type, is_active, next_run_at, alert, created_at, updated_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, is_active = excluded.is_active, next_run_at = excluded.next_run_at, alert = excluded.alert,
                updated_at = excluded.updated_at, version = excluded.version
            WHERE t.version <= excluded.version
            """,
            Uuid(a.Id), Text(a.TenantId), Text(a.Definition.Name), Text(a.Definition.Type.ToString()), Bool(a.Definition.IsActive),
            Instant(a.NextRunAt), Jsonb(JsonSerializer.Serialize(a, Json)), Instant(a.CreatedAt), Instant(a.UpdatedAt), Long(row.Version));
    }

    public static NpgsqlBatchCommand Deleted(KpiAlertDeletedRow row) => Command("DELETE FROM kpi_alerts WHERE id = $1", Uuid(row.AlertId));

    public static NpgsqlBatchCommand Run(KpiRunRow row)
    {
        var r = row.Run;
        return Command("""
            INSERT INTO kpi_alert_runs (id, alert_id, tenant_id, kind, occurrence, status, reason, error, started_at, duration_ms, recipients,
                attachment_type, attachment_bytes, value, missed_occurrences, attempt, attachment_name, attachment)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            ON CONFLICT (id) DO NOTHING
            """,
            Uuid(r.Id), Uuid(r.AlertId), Text(r.TenantId), Text(r.Kind.ToString()), Instant(r.Occurrence), Text(r.Status.ToString()),
            Text(r.Reason), Text(r.Error), Instant(r.StartedAt), Long(r.DurationMs), TextArray(r.Recipients), Text(r.AttachmentType?.ToString()),
            Long(r.AttachmentBytes), P(r.Value, NpgsqlTypes.NpgsqlDbType.Numeric), Int(r.MissedOccurrences), Int(r.Attempt),
            Text(row.AttachmentName), P(row.Attachment, NpgsqlTypes.NpgsqlDbType.Bytea));
    }
}
