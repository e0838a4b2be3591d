using Hms.Jobs;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Jobs;

public static class JobRunUpserts
{
    /// <summary>
    /// A run written again under its id moves on (PENDING → RUNNING → COMPLETED/FAILED); an ended run
    /// stays as it ended, whatever a late or replayed write says.
    /// </summary>
    public static NpgsqlBatchCommand JobRun(JobRunRow r) => Command("""
        INSERT INTO job_runs AS t (id, job_name, tenant_id, status, started_at, completed_at, duration_ms, items_processed,
            error_message, source, subject_id, due_at, lateness_ms, metadata)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        ON CONFLICT (id) DO UPDATE SET
            status = excluded.status, started_at = excluded.started_at, completed_at = excluded.completed_at,
            duration_ms = excluded.duration_ms, items_processed = excluded.items_processed, error_message = excluded.error_message,
            lateness_ms = excluded.lateness_ms, metadata = excluded.metadata
        WHERE t.status NOT IN ('COMPLETED', 'FAILED')
        """,
        Uuid(r.Id), Text(r.JobName.Name), Text(r.TenantId), Text(r.Status.Name), Instant(r.StartedAt), Instant(r.CompletedAt),
        Long(r.DurationMs), Int(r.ItemsProcessed), Text(r.ErrorMessage), Text(r.Source.Name), Text(r.SubjectId),
        Instant(r.DueAt), Double(r.LatenessMs), P(r.Metadata, NpgsqlTypes.NpgsqlDbType.Jsonb));
}
