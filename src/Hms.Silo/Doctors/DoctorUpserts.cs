using Hms.Doctors;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Doctors;

public static class DoctorUpserts
{
    public static NpgsqlBatchCommand Doctor(DoctorRow row) => Doctor(row.Doctor, row.UpdatedAt, row.Version);

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
}
