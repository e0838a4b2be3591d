using Hms.Common;
using Hms.Doctors;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Doctors;

public sealed class PostgresDoctorReader(NpgsqlDataSource database) : IDoctorReader
{
    public Task<Page<DoctorSummary>> ListAsync(string hospitalId, DoctorFilter filter, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database,
            "id, first_name, last_name, specialization, slot_duration_minutes, max_patients_per_day, is_available, is_active",
            """
            FROM doctors
            WHERE hospital_id = $1
              AND ($2::boolean IS NULL OR is_available = $2)
              AND ($3::text IS NULL OR specialization ILIKE $3)
              AND ($4::text IS NULL OR first_name ILIKE '%' || $4 || '%' OR last_name ILIKE '%' || $4 || '%')
            """,
            "last_name, first_name, id",
            [Text(hospitalId), P(filter.IsAvailable, NpgsqlTypes.NpgsqlDbType.Boolean), Text(Like(filter.Specialization)),
             Text(Like(filter.Search))],
            filter.Paging,
            r => new DoctorSummary(r.GetGuid(0), r.GetString(1), r.GetString(2), r.NullableString(3), r.GetInt32(4),
                r.GetInt32(5), r.GetBoolean(6), r.GetBoolean(7)),
            cancellationToken);
}
