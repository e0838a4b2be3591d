using System.Collections.Immutable;
using System.Data.Common;
using Hms.Common;
using Hms.Jobs;
using Hms.PatientExperience;
using Hms.Silo.Jobs;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.PatientExperience;

public sealed class PostgresPxCaseReader(NpgsqlDataSource database) : IPxCaseReader
{
    private const string Columns = """
        id, tenant_id, title, description, patient_id, department, assignee_id, priority, status, due_at, escalation_level,
        active, sla_started_at, at_risk_percent, at_risk_handled_at, last_escalated_at, created_at, created_by, updated_at,
        resolved_at, closed_at
        """;

    public Task<Page<PxCaseView>> ListAsync(string tenantId, PxCaseFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, Columns,
            """
            FROM px_cases
            WHERE tenant_id = $1
              AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR department = $3)
              AND ($4::boolean IS NULL OR (due_at < $5 AND status NOT IN ('RESOLVED', 'CLOSED')) = $4)
              AND ($6::text IS NULL OR assignee_id = $6)
              AND ($7::text IS NULL OR priority = $7)
            """,
            "due_at, id",
            [Text(tenantId), Text(filter.Status?.ToString()), Text(filter.Department), P(filter.Overdue, NpgsqlTypes.NpgsqlDbType.Boolean),
             Instant(now), Text(filter.AssigneeId), Text(filter.Priority?.ToString())],
            filter.Paging, Map, cancellationToken);

    public async Task<ImmutableArray<DueRecord>> OverdueAsync(string? tenantId, DateTimeOffset now, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id, tenant_id, due_at FROM px_cases
            WHERE active AND status IN ('OPEN', 'IN_PROGRESS') AND due_at < $1 AND ($2::text IS NULL OR tenant_id = $2)
            ORDER BY due_at LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Instant(now), Text(tenantId), Int(limit) });
        return await DueRecords.ReadAsync(command, cancellationToken);
    }

    private static PxCaseView Map(DbDataReader r) => new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.NullableString(3),
        r.Nullable<Guid>(4), r.GetString(5), r.NullableString(6), Enum.Parse<PxPriority>(r.GetString(7)),
        Enum.Parse<PxCaseStatus>(r.GetString(8)), r.GetFieldValue<DateTimeOffset>(9), r.GetInt32(10), r.GetBoolean(11),
        r.GetFieldValue<DateTimeOffset>(12), r.GetInt32(13), r.Nullable<DateTimeOffset>(14), r.Nullable<DateTimeOffset>(15),
        r.GetFieldValue<DateTimeOffset>(16), r.GetString(17), r.GetFieldValue<DateTimeOffset>(18), r.Nullable<DateTimeOffset>(19),
        r.Nullable<DateTimeOffset>(20));
}
