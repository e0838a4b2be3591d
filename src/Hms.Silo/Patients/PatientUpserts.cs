using Hms.Patients;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Patients;

public static class PatientUpserts
{
    public static NpgsqlBatchCommand Patient(PatientRow row) => Patient(row.Patient, row.UpdatedAt, row.Version);

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
}
