using Hms.Common;
using Hms.NoShow;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.NoShow;

/// <summary>NO_SHOW logs of one hospital with filters and paging.</summary>
public sealed class PostgresNoShowLogReader(NpgsqlDataSource database) : INoShowLogReader
{
    public Task<Page<NoShowLogView>> ReadAsync(string hospitalId, NoShowLogFilter filter, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database,
            """
            id, hospital_id, appointment_id, patient_id, doctor_id, reason, appointment_date, slot_time, timeout_minutes,
            triggered_at, slot_released, slot_released_at, notification_sent, notes, created_by
            """,
            """
            FROM no_show_logs
            WHERE hospital_id = $1
              AND ($2::date IS NULL OR appointment_date >= $2)
              AND ($3::date IS NULL OR appointment_date <= $3)
              AND ($4::uuid IS NULL OR doctor_id = $4)
              AND ($5::uuid IS NULL OR patient_id = $5)
              AND ($6::text IS NULL OR reason = $6)
            """,
            "triggered_at DESC, id",
            [Text(hospitalId), Date(filter.From), Date(filter.To), Uuid(filter.DoctorId), Uuid(filter.PatientId), Text(filter.Reason?.ToString())],
            filter.Paging,
            r => new NoShowLogView(r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.GetGuid(3), r.GetGuid(4),
                Enum.Parse<NoShowReason>(r.GetString(5)), r.GetFieldValue<DateOnly>(6), r.GetString(7), r.GetInt32(8),
                r.GetFieldValue<DateTimeOffset>(9), r.GetBoolean(10), r.Nullable<DateTimeOffset>(11), r.GetBoolean(12),
                r.NullableString(13), r.NullableString(14)),
            cancellationToken);
}
