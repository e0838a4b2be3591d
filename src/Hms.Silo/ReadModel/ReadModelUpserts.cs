using System.Text.Json;
using Hms.Appointments;
using Hms.Doctors;
using Hms.NoShow;
using Hms.Notifications;
using Hms.PatientExperience;
using Hms.Patients;
using Hms.ReadModel;
using Hms.Silo.KpiAlerts;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.ReadModel;

/// <summary>
/// One idempotent upsert per read-model record. Rows with a version only ever move forward, so a
/// replayed or late outbox flush can never overwrite newer data.
/// </summary>
public static class ReadModelUpserts
{
    public static NpgsqlBatchCommand For(ReadModelRecord record) => record switch
    {
        AppointmentRow a => Appointment(a.Appointment, a.Pending, a.Version),
        StageAlertRow s => StageAlert(s),
        NoShowLogRow l => NoShowLog(l.Log),
        PatientRow p => Patient(p.Patient, p.UpdatedAt, p.Version),
        DoctorRow d => Doctor(d.Doctor, d.UpdatedAt, d.Version),
        NotificationRow n => Notification(n.Message),
        NotificationDeliveryRow d => NotificationDelivery(d.Notification),
        NoShowNotificationSent sent => Command("UPDATE no_show_logs SET notification_sent = true WHERE id = $1", Uuid(sent.NoShowLogId)),
        JobRunRow r => JobRun(r),
        PxCaseRow c => PxCase(c),
        PxCaseAuditRow a => PxCaseAudit(a.Audit),
        KpiAlertRow a => KpiUpserts.Alert(a),
        KpiAlertDeletedRow d => KpiUpserts.Deleted(d),
        KpiRunRow r => KpiUpserts.Run(r.Run),
        _ => throw new NotSupportedException($"No read-model table for {record.GetType().Name}."),
    };

    private static NpgsqlBatchCommand Appointment(AppointmentView a, IReadOnlyDictionary<string, DateTimeOffset> pending, long version) => Command("""
        INSERT INTO appointments AS t (id, hospital_id, doctor_id, patient_id, appointment_date, start_time, end_time,
            slot_duration_minutes, status, slot_starts_at, no_show_due_at, checked_in_at, vitals_recorded_at, reason,
            notes, created_at, updated_at, version, vitals, cancelled_at, completed_at, no_vitals_due_at,
            no_doctor_due_at, waiting_due_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
        ON CONFLICT (id) DO UPDATE SET
            doctor_id = excluded.doctor_id, appointment_date = excluded.appointment_date,
            start_time = excluded.start_time, end_time = excluded.end_time,
            slot_duration_minutes = excluded.slot_duration_minutes, status = excluded.status,
            slot_starts_at = excluded.slot_starts_at, no_show_due_at = excluded.no_show_due_at,
            checked_in_at = excluded.checked_in_at, vitals_recorded_at = excluded.vitals_recorded_at,
            reason = excluded.reason, notes = excluded.notes, updated_at = excluded.updated_at, version = excluded.version,
            vitals = excluded.vitals, cancelled_at = excluded.cancelled_at, completed_at = excluded.completed_at,
            no_vitals_due_at = excluded.no_vitals_due_at, no_doctor_due_at = excluded.no_doctor_due_at,
            waiting_due_at = excluded.waiting_due_at
        WHERE t.version <= excluded.version
        """,
        Uuid(a.Id), Text(a.HospitalId), Uuid(a.DoctorId), Uuid(a.PatientId), Date(a.AppointmentDate),
        Time(a.StartTime), Time(a.EndTime), Int(a.SlotDurationMinutes), Text(a.Status.ToString()), Instant(a.SlotStartsAt),
        Instant(Due(pending, AppointmentDeadlines.NoShow)), Instant(a.CheckedInAt), Instant(a.VitalsRecordedAt), Text(a.Reason), Text(a.Notes),
        Instant(a.CreatedAt), Instant(a.UpdatedAt), Long(version),
        P(a.Vitals is null ? null : JsonSerializer.Serialize(a.Vitals), NpgsqlTypes.NpgsqlDbType.Jsonb),
        Instant(a.CancelledAt), Instant(a.CompletedAt), Instant(Due(pending, AppointmentDeadlines.NoVitals)),
        Instant(Due(pending, AppointmentDeadlines.NoDoctor)), Instant(Due(pending, AppointmentDeadlines.Waiting)));

    private static DateTimeOffset? Due(IReadOnlyDictionary<string, DateTimeOffset> pending, string kind) =>
        pending.TryGetValue(kind, out var dueAt) ? dueAt : null;

    private static NpgsqlBatchCommand StageAlert(StageAlertRow row)
    {
        var a = row.Alert;
        return Command("""
            INSERT INTO stage_alerts (id, hospital_id, appointment_id, patient_id, doctor_id, alert_type, status, message,
                triggered_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
                resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by, updated_at = excluded.updated_at
            WHERE stage_alerts.updated_at <= excluded.updated_at
            """,
            Uuid(a.Id), Text(row.HospitalId), Uuid(a.AppointmentId), Uuid(row.PatientId), Uuid(row.DoctorId), Text(a.Type.ToString()),
            Text(a.Status.ToString()), Text(a.Message), Instant(a.TriggeredAt), Instant(a.AcknowledgedAt), Text(a.AcknowledgedBy),
            Instant(a.ResolvedAt), Text(a.ResolvedBy), Instant(row.UpdatedAt));
    }

    private static NpgsqlBatchCommand NoShowLog(NoShowLogView l) => Command("""
        INSERT INTO no_show_logs (id, hospital_id, appointment_id, patient_id, doctor_id, reason, appointment_date,
            slot_time, timeout_minutes, triggered_at, slot_released, slot_released_at, notification_sent, notes, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT (id) DO UPDATE SET
            slot_released = excluded.slot_released, slot_released_at = excluded.slot_released_at,
            notification_sent = excluded.notification_sent, notes = excluded.notes
        """,
        Uuid(l.Id), Text(l.HospitalId), Uuid(l.AppointmentId), Uuid(l.PatientId), Uuid(l.DoctorId), Text(l.Reason.ToString()),
        Date(l.AppointmentDate), Text(l.SlotTime), Int(l.TimeoutMinutes), Instant(l.TriggeredAt), Bool(l.SlotReleased),
        Instant(l.SlotReleasedAt), Bool(l.NotificationSent), Text(l.Notes), Text(l.CreatedBy));

    private static NpgsqlBatchCommand Patient(PatientView p, DateTimeOffset updatedAt, long version) => Command("""
        INSERT INTO patients AS t (id, hospital_id, first_name, last_name, mrn, phone, email, status, no_show_count,
            blocked_at, blocked_reason, created_at, updated_at, version, user_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT (id) DO UPDATE SET
            first_name = excluded.first_name, last_name = excluded.last_name, mrn = excluded.mrn,
            phone = excluded.phone, email = excluded.email, status = excluded.status,
            no_show_count = excluded.no_show_count, blocked_at = excluded.blocked_at,
            blocked_reason = excluded.blocked_reason, updated_at = excluded.updated_at, version = excluded.version,
            user_id = excluded.user_id
        WHERE t.version <= excluded.version
        """,
        Uuid(p.Id), Text(p.HospitalId), Text(p.FirstName), Text(p.LastName), Text(p.Mrn), Text(p.Phone), Text(p.Email),
        Text(p.Status.ToString()), Int(p.NoShowCount), Instant(p.BlockedAt), Text(p.BlockedReason), Instant(p.CreatedAt),
        Instant(updatedAt), Long(version), Text(p.UserId));

    private static NpgsqlBatchCommand Doctor(DoctorView d, DateTimeOffset updatedAt, long version) => Command("""
        INSERT INTO doctors AS t (id, hospital_id, first_name, last_name, specialization, slot_duration_minutes,
            max_patients_per_day, is_available, is_active, created_at, updated_at, version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (id) DO UPDATE SET
            first_name = excluded.first_name, last_name = excluded.last_name,
            specialization = excluded.specialization, slot_duration_minutes = excluded.slot_duration_minutes,
            max_patients_per_day = excluded.max_patients_per_day, is_available = excluded.is_available,
            is_active = excluded.is_active, updated_at = excluded.updated_at, version = excluded.version
        WHERE t.version <= excluded.version
        """,
        Uuid(d.Id), Text(d.HospitalId), Text(d.FirstName), Text(d.LastName), Text(d.Specialization),
        Int(d.SlotDurationMinutes), Int(d.MaxPatientsPerDay), Bool(d.IsAvailable), Bool(d.IsActive),
        Instant(d.CreatedAt), Instant(updatedAt), Long(version));

    private static NpgsqlBatchCommand Notification(NotificationMessage n) => Command("""
        INSERT INTO notifications (id, tenant_id, recipient_type, recipient_id, type, title, message, priority,
            channels, metadata, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO NOTHING
        """,
        Uuid(n.Id), Text(n.TenantId), Text(n.RecipientType), Text(n.RecipientId), Text(n.Type), Text(n.Title),
        Text(n.Message), Text(n.Priority), TextArray(n.Channels), Jsonb(JsonSerializer.Serialize(n.Metadata)),
        Instant(n.CreatedAt));

    /// <summary>The whole notification, so the row is right whichever of creator and delivery writes first.</summary>
    private static NpgsqlBatchCommand NotificationDelivery(NotificationView v)
    {
        var n = v.Message;
        return Command("""
            INSERT INTO notifications (id, tenant_id, recipient_type, recipient_id, type, title, message, priority,
                channels, metadata, created_at, read_at, delivery_status, deliveries, delivered_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET
                read_at = excluded.read_at, delivery_status = excluded.delivery_status,
                deliveries = excluded.deliveries, delivered_at = excluded.delivered_at
            """,
            Uuid(n.Id), Text(n.TenantId), Text(n.RecipientType), Text(n.RecipientId), Text(n.Type), Text(n.Title),
            Text(n.Message), Text(n.Priority), TextArray(n.Channels), Jsonb(JsonSerializer.Serialize(n.Metadata)),
            Instant(n.CreatedAt), Instant(v.ReadAt), Text(v.Status), Jsonb(JsonSerializer.Serialize(v.Deliveries, DeliveryJson)),
            Instant(v.DeliveredAt));
    }

    private static readonly JsonSerializerOptions DeliveryJson = new(JsonSerializerDefaults.Web);

    private static NpgsqlBatchCommand JobRun(JobRunRow r) => Command("""
        INSERT INTO job_runs (id, job_name, tenant_id, status, started_at, completed_at, duration_ms, items_processed,
            error_message, source, subject_id, due_at, lateness_ms)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (id) DO UPDATE SET
            status = excluded.status, completed_at = excluded.completed_at, duration_ms = excluded.duration_ms,
            items_processed = excluded.items_processed, error_message = excluded.error_message
        """,
        Uuid(r.Id), Text(r.JobName), Text(r.TenantId), Text(r.Status), Instant(r.StartedAt), Instant(r.CompletedAt),
        Long(r.DurationMs), Int(r.ItemsProcessed), Text(r.ErrorMessage), Text(r.Source), Text(r.SubjectId),
        Instant(r.DueAt), Double(r.LatenessMs));

    private static NpgsqlBatchCommand PxCase(PxCaseRow row)
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
            Instant(Due(row.Pending, PxCaseRules.SlaDue)), Instant(Due(row.Pending, PxCaseRules.AtRisk)), Instant(c.CreatedAt),
            Text(c.CreatedBy), Instant(c.UpdatedAt), Instant(c.ResolvedAt), Instant(c.ClosedAt), Long(row.Version));
    }

    private static NpgsqlBatchCommand PxCaseAudit(PxCaseAudit a) => Command("""
        INSERT INTO px_case_audits (id, case_id, tenant_id, actor, action, from_status, to_status, from_level, to_level, changes, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO NOTHING
        """,
        Uuid(a.Id), Uuid(a.CaseId), Text(a.TenantId), Text(a.Actor), Text(a.Action), Text(a.FromStatus?.ToString()),
        Text(a.ToStatus?.ToString()), Int(a.FromLevel), Int(a.ToLevel), Jsonb(JsonSerializer.Serialize(a.Changes, DeliveryJson)),
        Instant(a.At));
}
