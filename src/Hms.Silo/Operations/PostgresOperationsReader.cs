using System.Collections.Immutable;
using Hms.Jobs;
using Hms.Operations;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Operations;

/// <summary>
/// One tenant's pending deadlines from the due-at columns the owning grains' rows keep per kind
/// (src/Hms.Grains/Deadlines/DeadlineGrain.cs fills them on every save), and its runs per hour.
/// </summary>
public sealed class PostgresOperationsReader(NpgsqlDataSource database) : IOperationsReader
{
    /// <summary>Where each kind's deadlines are: table, tenant column, subject and owner key columns, due column, and what else makes one pending.</summary>
    private sealed record Source(string Kind, string Table, string Tenant, string Subject, string Owner, string Due, string? Also = null)
    {
        public string Select => $"""
            SELECT '{Kind}'::text AS kind, {Subject} AS subject_id, {Owner}::text AS owner_key, {Due} AS due_at
              FROM {Table} WHERE {Tenant} = $1 AND {Due} IS NOT NULL{(Also is null ? "" : " AND " + Also)}
            """;
    }

    private static readonly ImmutableArray<Source> Sources =
    [
        new(OperatorDeadlines.NoShow.Code, "appointments", "hospital_id", "id", "id", "no_show_due_at"),
        new(OperatorDeadlines.NoVitals.Code, "appointments", "hospital_id", "id", "id", "no_vitals_due_at"),
        new(OperatorDeadlines.NoDoctor.Code, "appointments", "hospital_id", "id", "id", "no_doctor_due_at"),
        new(OperatorDeadlines.Waiting.Code, "appointments", "hospital_id", "id", "id", "waiting_due_at"),
        new(OperatorDeadlines.Reminder.Code, "appointments", "hospital_id", "id", "id", "reminder_due_at"),
        new(OperatorDeadlines.PxSla.Code, "px_cases", "tenant_id", "id", "id", "sla_due_at"),
        new(OperatorDeadlines.PxAtRisk.Code, "px_cases", "tenant_id", "id", "id", "at_risk_at"),
        new(OperatorDeadlines.KpiRun.Code, "kpi_alerts", "tenant_id", "id", "id", "next_run_at", "is_active"),
        new(OperatorDeadlines.HotelNoShow.Code, "hotel_reservations", "hotel_id", "id", "id", "no_show_due_at"),
        new(OperatorDeadlines.HoldRelease.Code, "hotel_reservations", "hotel_id", "id", "id", "release_due_at"),
        new(OperatorDeadlines.MaintenanceDue.Code, "hotel_equipment", "hotel_id", "id", "id", "due_at"),
        new(OperatorDeadlines.WaitlistOffer.Code, "waitlist_offers", "hospital_id", "id", "doctor_id", "expires_at", "status = 'OPEN'"),
    ];

    /// <summary>Every kind's pending deadlines of tenant $1, as one relation.</summary>
    private static readonly string Pending = string.Join("\nUNION ALL\n", Sources.Select(s => s.Select));

    public async Task<ImmutableArray<DeadlineCounts>> CountAsync(string tenantId, DateTimeOffset now, DateTimeOffset overdueBefore,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT kind, count(*)::int,
                   count(*) FILTER (WHERE due_at > $2 AND due_at <= $2 + interval '1 hour')::int,
                   count(*) FILTER (WHERE due_at < $3)::int
              FROM ({Pending}) d
             GROUP BY kind
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Instant(now), Instant(overdueBefore) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = ImmutableArray.CreateBuilder<DeadlineCounts>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new DeadlineCounts(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        return counts.ToImmutable();
    }

    public async Task<ImmutableArray<OwnedDeadline>> OverdueAsync(string tenantId, DateTimeOffset overdueBefore, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT kind, subject_id, owner_key, due_at FROM ({Pending}) d
             WHERE due_at < $2
             ORDER BY due_at, kind, subject_id
             LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Instant(overdueBefore), Int(limit) });
        return await ReadDeadlinesAsync(command, cancellationToken);
    }

    public async Task<OwnedDeadline?> FindAsync(string tenantId, string kind, Guid subjectId, CancellationToken cancellationToken = default)
    {
        var source = Sources.Single(s => s.Kind == kind);
        await using var command = database.CreateCommand($"SELECT * FROM ({source.Select}) d WHERE subject_id = $2");
        command.Parameters.AddRange(new[] { Text(tenantId), Uuid(subjectId) });
        return (await ReadDeadlinesAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> IsHotelAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT EXISTS (SELECT 1 FROM hotels WHERE id = $1)");
        command.Parameters.Add(Text(tenantId));
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<ImmutableArray<RunHour>> HistoryAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // Lateness of the deadline-driven runs only: those that record one (due_at set), and handled.
        await using var command = database.CreateCommand("""
            SELECT date_trunc('hour', started_at, 'UTC') AS hour,
                   count(*) FILTER (WHERE status = 'COMPLETED')::int,
                   count(*) FILTER (WHERE status = 'FAILED')::int,
                   percentile_cont(0.50) WITHIN GROUP (ORDER BY lateness_ms) FILTER (WHERE status = 'COMPLETED'),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY lateness_ms) FILTER (WHERE status = 'COMPLETED'),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness_ms) FILTER (WHERE status = 'COMPLETED')
              FROM job_runs
             WHERE tenant_id = $1 AND started_at >= $2 AND status IN ('COMPLETED', 'FAILED')
             GROUP BY 1
             ORDER BY 1
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Instant(since) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hours = ImmutableArray.CreateBuilder<RunHour>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hours.Add(new RunHour(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), reader.GetInt32(2),
                reader.Nullable<double>(3), reader.Nullable<double>(4), reader.Nullable<double>(5)));
        }
        return hours.ToImmutable();
    }

    public async Task<Guid?> LatestRunIdAsync(string tenantId, JobName job, string subjectId, DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id FROM job_runs
             WHERE subject_id = $3 AND tenant_id = $1 AND job_name = $2 AND started_at >= $4
             ORDER BY started_at DESC, recorded_at DESC
             LIMIT 1
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Text(job.Name), Text(subjectId), Instant(since) });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static async Task<ImmutableArray<OwnedDeadline>> ReadDeadlinesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deadlines = ImmutableArray.CreateBuilder<OwnedDeadline>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deadlines.Add(new OwnedDeadline(reader.GetString(0), reader.GetGuid(1).ToString(), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return deadlines.ToImmutable();
    }
}
