using System.Collections.Immutable;
using Hms.Common;
using Hms.NoShow;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.NoShow;

/// <summary>NO_SHOW logs of one hospital with filters and paging; the total and the page in one round trip.</summary>
public sealed class PostgresNoShowLogReader(NpgsqlDataSource database) : INoShowLogReader
{
    private const string Where = """
        WHERE hospital_id = $1
          AND ($2::date IS NULL OR appointment_date >= $2)
          AND ($3::date IS NULL OR appointment_date <= $3)
          AND ($4::uuid IS NULL OR doctor_id = $4)
          AND ($5::uuid IS NULL OR patient_id = $5)
          AND ($6::text IS NULL OR reason = $6)
        """;

    public async Task<Page<NoShowLogView>> ReadAsync(string hospitalId, NoShowLogFilter filter, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT count(*)::int FROM no_show_logs {Where}", Filter(hospitalId, filter)));
        batch.BatchCommands.Add(Command($"""
            SELECT id, hospital_id, appointment_id, patient_id, doctor_id, reason, appointment_date, slot_time,
                   timeout_minutes, triggered_at, slot_released, slot_released_at, notification_sent, notes, created_by
              FROM no_show_logs {Where}
             ORDER BY triggered_at DESC, id
             LIMIT $7 OFFSET $8
            """, [.. Filter(hospitalId, filter), Int(filter.Paging.Limit), Int(filter.Paging.Offset)]));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt32(0);
        await reader.NextResultAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<NoShowLogView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new NoShowLogView(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetGuid(4),
                Enum.Parse<NoShowReason>(reader.GetString(5)), reader.GetFieldValue<DateOnly>(6), reader.GetString(7),
                reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetBoolean(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11), reader.GetBoolean(12),
                reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14)));
        }
        return new Page<NoShowLogView>(items.ToImmutable(), total, filter.Paging.Limit, filter.Paging.Offset);
    }

    private static NpgsqlParameter[] Filter(string hospitalId, NoShowLogFilter f) =>
    [
        Text(hospitalId), Date(f.From), Date(f.To), Uuid(f.DoctorId), Uuid(f.PatientId), Text(f.Reason?.ToString()),
    ];
}
