using System.Collections.Immutable;
using Hms.Appointments;
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

    public async Task<NoShowStats> StatsAsync(string hospitalId, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        // An appointment counts once its time has passed (or it was marked NO_SHOW early); cancelled ones never.
        batch.BatchCommands.Add(Command("""
            SELECT a.doctor_id, coalesce(d.first_name, ''), coalesce(d.last_name, ''),
                   count(*) FILTER (WHERE a.status <> 'CANCELLED'
                       AND (a.status = 'NO_SHOW' OR a.slot_starts_at + make_interval(mins => a.slot_duration_minutes) <= $4))::int,
                   count(*) FILTER (WHERE a.status = 'NO_SHOW')::int
              FROM appointments a LEFT JOIN doctors d ON d.id = a.doctor_id
             WHERE a.hospital_id = $1 AND a.appointment_date BETWEEN $2 AND $3
             GROUP BY 1, 2, 3
             ORDER BY 5 DESC, 3, 2
            """, Text(hospitalId), Date(from), Date(to), Instant(now)));
        batch.BatchCommands.Add(Command("""
            SELECT reason, count(*)::int FROM no_show_logs
             WHERE hospital_id = $1 AND appointment_date BETWEEN $2 AND $3
             GROUP BY reason
            """, Text(hospitalId), Date(from), Date(to)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var doctors = ImmutableArray.CreateBuilder<DoctorNoShowStats>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (appointments, noShows) = (reader.GetInt32(3), reader.GetInt32(4));
            doctors.Add(new DoctorNoShowStats(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), appointments, noShows, Rate(noShows, appointments)));
        }
        await reader.NextResultAsync(cancellationToken);
        var byReason = Enum.GetValues<NoShowReason>().ToDictionary(r => r, _ => 0);
        while (await reader.ReadAsync(cancellationToken))
        {
            byReason[Enum.Parse<NoShowReason>(reader.GetString(0))] = reader.GetInt32(1);
        }
        var total = doctors.Sum(d => d.Appointments);
        var missed = doctors.Sum(d => d.NoShows);
        return new NoShowStats(from, to, total, missed, Rate(missed, total), byReason.ToImmutableDictionary(), doctors.ToImmutable());
    }

    /// <summary>A percentage with one decimal, 0 when nothing counted.</summary>
    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);
}
