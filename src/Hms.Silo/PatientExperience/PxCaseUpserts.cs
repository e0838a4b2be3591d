using System.Text.Json;
using Hms.PatientExperience;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.PatientExperience;

public static class PxCaseUpserts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static NpgsqlBatchCommand PxCase(PxCaseRow row)
    {
        var c = row.Case;
        return Command("""
            INSERT INTO px_cases AS t (id, tenant_id, title, description, patient_id, department, assignee_id, priority, status,
                due_at, escalation_level, active, sla_started_at, at_risk_percent, at_risk_handled_at, last_escalated_at,
                sla_due_at, at_risk_at, created_at, created_by, updated_at, resolved_at, closed_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, description = excluded.description, patient_id = excluded.patient_id,
                department = excluded.department, assignee_id = excluded.assignee_id, priority = excluded.priority,
                status = excluded.status, due_at = excluded.due_at, escalation_level = excluded.escalation_level,
                active = excluded.active, sla_started_at = excluded.sla_started_at, at_risk_percent = excluded.at_risk_percent,
                at_risk_handled_at = excluded.at_risk_handled_at, last_escalated_at = excluded.last_escalated_at,
                sla_due_at = excluded.sla_due_at, at_risk_at = excluded.at_risk_at, updated_at = excluded.updated_at,
                resolved_at = excluded.resolved_at, closed_at = excluded.closed_at, version = excluded.version
            WHERE t.version <= excluded.version
            """,
            Uuid(c.Id), Text(c.TenantId), Text(c.Title), Text(c.Description), Uuid(c.PatientId), Text(c.Department), Text(c.AssigneeId),
            Text(c.Priority.ToString()), Text(c.Status.ToString()), Instant(c.DueAt), Int(c.EscalationLevel), Bool(c.Active),
            Instant(c.SlaStartedAt), Int(c.AtRiskPercent), Instant(c.AtRiskHandledAt), Instant(c.LastEscalatedAt),
            Instant(Due(row.Pending, PxCaseRules.SlaDue.Name)), Instant(Due(row.Pending, PxCaseRules.AtRisk.Name)), Instant(c.CreatedAt),
            Text(c.CreatedBy), Instant(c.UpdatedAt), Instant(c.ResolvedAt), Instant(c.ClosedAt), Long(row.Version));
    }

    public static NpgsqlBatchCommand Audit(PxCaseAuditRow row) => Audit(row.Audit);

    private static NpgsqlBatchCommand Audit(PxCaseAudit a) => Command("""
        INSERT INTO px_case_audits (id, case_id, tenant_id, actor, action, from_status, to_status, from_level, to_level, changes, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO NOTHING
        """,
        Uuid(a.Id), Uuid(a.CaseId), Text(a.TenantId), Text(a.Actor), Text(a.Action), Text(a.FromStatus?.ToString()),
        Text(a.ToStatus?.ToString()), Int(a.FromLevel), Int(a.ToLevel), Jsonb(JsonSerializer.Serialize(a.Changes, Json)),
        Instant(a.At));

    private static DateTimeOffset? Due(IReadOnlyDictionary<string, DateTimeOffset> pending, string kind) =>
        pending.TryGetValue(kind, out var dueAt) ? dueAt : null;
}
