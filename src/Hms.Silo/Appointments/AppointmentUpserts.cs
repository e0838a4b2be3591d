using System.Text.Json;
using Hms.Appointments;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Appointments;

/// <summary>The appointments' read-model rows: the appointment with its pending deadlines, its stage alerts, its NO_SHOW logs.</summary>
public static class AppointmentUpserts
{
    public static NpgsqlBatchCommand Appointment(AppointmentRow row) => Appointment(row.Appointment, row.Pending, row.Version);

    private static NpgsqlBatchCommand Appointment(AppointmentView a, IReadOnlyDictionary<string, DateTimeOffset> pending, long version) => Command("""
        INSERT INTO appointments AS t (id, hospital_id, doctor_id, patient_id, appointment_date, start_time, end_time,
            slot_duration_minutes, status, slot_starts_at, no_show_due_at, checked_in_at, vitals_recorded_at, reason,
            notes, created_at, updated_at, version, vitals, cancelled_at, completed_at, no_vitals_due_at,
            no_doctor_due_at, waiting_due_at, reminded_at, reminder_answer, answered_via, answered_at, reminder_due_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
            $25, $26, $27, $28, $29)
        ON CONFLICT (id) DO UPDATE SET
            doctor_id = excluded.doctor_id, appointment_date = excluded.appointment_date,
            start_time = excluded.start_time, end_time = excluded.end_time,
            slot_duration_minutes = excluded.slot_duration_minutes, status = excluded.status,
            slot_starts_at = excluded.slot_starts_at, no_show_due_at = excluded.no_show_due_at,
            checked_in_at = excluded.checked_in_at, vitals_recorded_at = excluded.vitals_recorded_at,
            reason = excluded.reason, notes = excluded.notes, updated_at = excluded.updated_at, version = excluded.version,
            vitals = excluded.vitals, cancelled_at = excluded.cancelled_at, completed_at = excluded.completed_at,
            no_vitals_due_at = excluded.no_vitals_due_at, no_doctor_due_at = excluded.no_doctor_due_at,
            waiting_due_at = excluded.waiting_due_at, reminded_at = excluded.reminded_at,
            reminder_answer = excluded.reminder_answer, answered_via = excluded.answered_via, answered_at = excluded.answered_at,
            reminder_due_at = excluded.reminder_due_at
        WHERE t.version <= excluded.version
        """,
        Uuid(a.Id), Text(a.HospitalId), Uuid(a.DoctorId), Uuid(a.PatientId), Date(a.AppointmentDate),
        Time(a.StartTime), Time(a.EndTime), Int(a.SlotDurationMinutes), Text(a.Status.ToString()), Instant(a.SlotStartsAt),
        Instant(Due(pending, AppointmentDeadlines.NoShow.Name)), Instant(a.CheckedInAt), Instant(a.VitalsRecordedAt), Text(a.Reason), Text(a.Notes),
        Instant(a.CreatedAt), Instant(a.UpdatedAt), Long(version),
        P(a.Vitals is null ? null : JsonSerializer.Serialize(a.Vitals), NpgsqlTypes.NpgsqlDbType.Jsonb),
        Instant(a.CancelledAt), Instant(a.CompletedAt), Instant(Due(pending, AppointmentDeadlines.NoVitals.Name)),
        Instant(Due(pending, AppointmentDeadlines.NoDoctor.Name)), Instant(Due(pending, AppointmentDeadlines.Waiting.Name)),
        Instant(a.RemindedAt), Text(a.ReminderAnswer?.Action.ToString()), Text(a.ReminderAnswer?.Via.ToString()), Instant(a.ReminderAnswer?.At),
        Instant(Due(pending, AppointmentDeadlines.Reminder.Name)));

    private static DateTimeOffset? Due(IReadOnlyDictionary<string, DateTimeOffset> pending, string kind) =>
        pending.TryGetValue(kind, out var dueAt) ? dueAt : null;

    public static NpgsqlBatchCommand StageAlert(StageAlertRow row)
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

    public static NpgsqlBatchCommand NoShowLog(NoShowLogRow row) => NoShowLog(row.Log);

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

    public static NpgsqlBatchCommand NotificationSent(NoShowNotificationSent sent) =>
        Command("UPDATE no_show_logs SET notification_sent = true WHERE id = $1", Uuid(sent.NoShowLogId));
}
