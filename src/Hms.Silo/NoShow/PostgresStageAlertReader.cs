using System.Collections.Immutable;
using System.Data.Common;
using Hms.Appointments;
using Hms.Common;
using Hms.Jobs;
using Hms.NoShow;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.NoShow;

/// <summary>The alert board: alerts with their patient's name and MRN and their doctor's name.</summary>
public sealed class PostgresStageAlertReader(NpgsqlDataSource database) : IStageAlertReader
{
    private const string Columns = """
        s.id, s.appointment_id, s.alert_type, s.status, s.message, s.triggered_at, s.acknowledged_at, s.acknowledged_by,
        s.resolved_at, s.resolved_by, s.hospital_id, s.patient_id, coalesce(p.first_name, ''), coalesce(p.last_name, ''),
        coalesce(p.mrn, ''), s.doctor_id, coalesce(d.first_name, ''), coalesce(d.last_name, ''), s.updated_at
        """;

    private const string Joined = """
        FROM stage_alerts s
        LEFT JOIN patients p ON p.id = s.patient_id
        LEFT JOIN doctors d ON d.id = s.doctor_id
        """;

    public Task<Page<StageAlertBoardItem>> ListAsync(string hospitalId, StageAlertFilter filter, CancellationToken cancellationToken = default)
    {
        HmsMetrics.ReadModelQuery("stage_alerts.list");
        return PagedQuery.ReadAsync(database, Columns,
            $"""
            {Joined}
            WHERE s.hospital_id = $1
              AND ($2::text IS NULL OR s.status = $2)
              AND ($3::text IS NULL OR s.alert_type = $3)
            """,
            "s.triggered_at DESC, s.id",
            [Text(hospitalId), Text(filter.Status?.ToString()), Text(filter.Type?.ToString())],
            filter.Paging, Map, cancellationToken);
    }

    public async Task<Guid?> FindAppointmentAsync(string hospitalId, Guid alertId, CancellationToken cancellationToken = default)
    {
        HmsMetrics.ReadModelQuery("stage_alerts.find_appointment");
        await using var command = database.CreateCommand("SELECT appointment_id FROM stage_alerts WHERE id = $1 AND hospital_id = $2");
        command.Parameters.Add(Uuid(alertId));
        command.Parameters.Add(Text(hospitalId));
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    public async Task<ImmutableArray<StageAlertBoardItem>> ChangedSinceAsync(string hospitalId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        HmsMetrics.ReadModelQuery("stage_alerts.changed_since");
        await using var command = database.CreateCommand($"""
            SELECT {Columns} {Joined}
            WHERE s.hospital_id = $1 AND s.updated_at > $2
            ORDER BY s.updated_at, s.id
            LIMIT 500
            """);
        command.Parameters.Add(Text(hospitalId));
        command.Parameters.Add(Instant(since));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<ImmutableArray<StageAlertBoardItem>> BoardItemsAsync(string hospitalId, IReadOnlyCollection<Guid> alertIds,
        CancellationToken cancellationToken = default)
    {
        HmsMetrics.ReadModelQuery("stage_alerts.board_items");
        await using var command = database.CreateCommand($"""
            SELECT {Columns} {Joined}
            WHERE s.hospital_id = $1 AND s.id = ANY($2)
            ORDER BY s.updated_at, s.id
            """);
        command.Parameters.Add(Text(hospitalId));
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. alertIds] });
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<ImmutableArray<StageAlertBoardItem>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<StageAlertBoardItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Map(reader));
        }
        return items.ToImmutable();
    }

    private static StageAlertBoardItem Map(DbDataReader r) => new(
        new StageAlertView(r.GetGuid(0), r.GetGuid(1), Enum.Parse<StageAlertType>(r.GetString(2)), Enum.Parse<StageAlertStatus>(r.GetString(3)),
            r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.Nullable<DateTimeOffset>(6), r.NullableString(7),
            r.Nullable<DateTimeOffset>(8), r.NullableString(9)),
        r.GetString(10), r.GetGuid(11), r.GetString(12), r.GetString(13), r.GetString(14), r.GetGuid(15), r.GetString(16),
        r.GetString(17), r.GetFieldValue<DateTimeOffset>(18));
}
