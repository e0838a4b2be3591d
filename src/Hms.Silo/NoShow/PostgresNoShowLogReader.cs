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
        // "Reminded": a reminder went out before its slot (reminded_at is set only then).
        batch.BatchCommands.Add(Command("""
            WITH counted AS (
                SELECT a.*, a.status <> 'CANCELLED'
                       AND (a.status = 'NO_SHOW' OR a.slot_starts_at + make_interval(mins => a.slot_duration_minutes) <= $4) AS due
                  FROM appointments a
                 WHERE a.hospital_id = $1 AND a.appointment_date BETWEEN $2 AND $3)
            SELECT a.doctor_id, coalesce(d.first_name, ''), coalesce(d.last_name, ''),
                   count(*) FILTER (WHERE a.due)::int,
                   count(*) FILTER (WHERE a.status = 'NO_SHOW')::int,
                   count(*) FILTER (WHERE a.due AND a.reminded_at IS NOT NULL)::int,
                   count(*) FILTER (WHERE a.status = 'NO_SHOW' AND a.reminded_at IS NOT NULL)::int,
                   count(*) FILTER (WHERE a.reminder_answer = 'CONFIRM')::int,
                   count(*) FILTER (WHERE a.reminder_answer = 'CANCEL')::int
              FROM counted a LEFT JOIN doctors d ON d.id = a.doctor_id
             GROUP BY 1, 2, 3
             ORDER BY 5 DESC, 3, 2
            """, Text(hospitalId), Date(from), Date(to), Instant(now)));
        batch.BatchCommands.Add(Command("""
            SELECT reason, count(*)::int FROM no_show_logs
             WHERE hospital_id = $1 AND appointment_date BETWEEN $2 AND $3
             GROUP BY reason
            """, Text(hospitalId), Date(from), Date(to)));
        batch.BatchCommands.Add(Command("""
            SELECT a.doctor_id, count(*)::int
              FROM notifications n JOIN appointments a ON a.id = (n.metadata->>'appointmentId')::uuid
             WHERE n.tenant_id = $1 AND n.type = 'APPOINTMENT_REMINDER'
               AND a.hospital_id = $1 AND a.appointment_date BETWEEN $2 AND $3
             GROUP BY 1
            """, Text(hospitalId), Date(from), Date(to)));
        batch.BatchCommands.Add(Command("""
            SELECT o.doctor_id, count(*)::int,
                   coalesce(sum(o.slot_duration_minutes) FILTER (WHERE a.status IS NULL OR a.status NOT IN ('CANCELLED', 'NO_SHOW')), 0)::int
              FROM waitlist_offers o LEFT JOIN appointments a ON a.id = o.appointment_id
             WHERE o.hospital_id = $1 AND o.status = 'ACCEPTED' AND o.slot_date BETWEEN $2 AND $3
             GROUP BY 1
            """, Text(hospitalId), Date(from), Date(to)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(Guid Doctor, string First, string Last, int Due, int NoShows, int Reminded, int RemindedNoShows, int Confirmed, int Cancelled)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8)));
        }
        await reader.NextResultAsync(cancellationToken);
        var byReason = Enum.GetValues<NoShowReason>().ToDictionary(r => r, _ => 0);
        while (await reader.ReadAsync(cancellationToken))
        {
            byReason[Enum.Parse<NoShowReason>(reader.GetString(0))] = reader.GetInt32(1);
        }
        await reader.NextResultAsync(cancellationToken);
        var sent = new Dictionary<Guid, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sent[reader.GetGuid(0)] = reader.GetInt32(1);
        }
        await reader.NextResultAsync(cancellationToken);
        var refilled = new Dictionary<Guid, (int Slots, int Minutes)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            refilled[reader.GetGuid(0)] = (reader.GetInt32(1), reader.GetInt32(2));
        }
        var doctors = rows.Select(r =>
        {
            var (slots, minutes) = refilled.GetValueOrDefault(r.Doctor);
            var prevention = NoShowPrevention.Of(sent.GetValueOrDefault(r.Doctor), r.Confirmed, r.Cancelled, r.Reminded, r.RemindedNoShows,
                r.Due - r.Reminded, r.NoShows - r.RemindedNoShows, slots, minutes);
            return new DoctorNoShowStats(r.Doctor, r.First, r.Last, r.Due, r.NoShows, NoShowRates.Percent(r.NoShows, r.Due), prevention);
        }).ToImmutableArray();
        var total = doctors.Sum(d => d.Appointments);
        var missed = doctors.Sum(d => d.NoShows);
        return new NoShowStats(from, to, total, missed, NoShowRates.Percent(missed, total), byReason.ToImmutableDictionary(), doctors,
            NoShowPrevention.Sum(doctors.Select(d => d.Prevention)));
    }
}
