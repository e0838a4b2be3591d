using System.Collections.Immutable;
using Hms.Deadlines;
using Hms.NoShow;
using Hms.Silo.ReadModel;
using Npgsql;
using NpgsqlTypes;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Deadlines;

public sealed class PostgresDeadlineReader(NpgsqlDataSource database) : IDeadlineReader
{
    /// <summary>An appointment's earliest pending deadline (least() skips the kinds not pending).</summary>
    private const string Earliest = "least(no_show_due_at, no_vitals_due_at, no_doctor_due_at, waiting_due_at)";

    /// <summary>Uses the partial index of each kind.</summary>
    private const string AnyPendingBefore = """
        (no_show_due_at <= $2 OR no_vitals_due_at <= $2 OR no_doctor_due_at <= $2 OR waiting_due_at <= $2)
        """;

    /// <summary>Any kind pending, written so each kind's partial index can serve it.</summary>
    private const string AnyPending = """
        (no_show_due_at IS NOT NULL OR no_vitals_due_at IS NOT NULL OR no_doctor_due_at IS NOT NULL OR waiting_due_at IS NOT NULL)
        """;

    public async Task<ImmutableArray<PendingDeadline>> DueAsync(string? hospitalId, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT id, hospital_id, {Earliest} FROM appointments
            WHERE ($1::text IS NULL OR hospital_id = $1) AND {AnyPendingBefore}
            ORDER BY 3 LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Instant(cutoff), Int(limit) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = ImmutableArray.CreateBuilder<PendingDeadline>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new PendingDeadline(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return due.ToImmutable();
    }

    public async Task<(int Pending, int Overdue)> CountAsync(string? hospitalId, DateTimeOffset overdueBefore, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT count(*)::int, count(*) FILTER (WHERE {Earliest} <= $2)::int FROM appointments
            WHERE ($1::text IS NULL OR hospital_id = $1) AND {AnyPending}
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Instant(overdueBefore) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<ImmutableArray<JobRunView>> RecentRunsAsync(string? hospitalId, IReadOnlyList<string> jobs, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id, job_name, status, started_at, completed_at, duration_ms, items_processed, error_message, source, subject_id, lateness_ms
            FROM job_runs WHERE ($1::text IS NULL OR tenant_id IN ($1, '*')) AND job_name = ANY($2)
            ORDER BY started_at DESC, id LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Jobs(jobs), Int(limit) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = ImmutableArray.CreateBuilder<JobRunView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new JobRunView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.Nullable<DateTimeOffset>(4), reader.GetInt64(5), reader.GetInt32(6), reader.NullableString(7), reader.GetString(8),
                reader.NullableString(9), reader.Nullable<double>(10)));
        }
        return runs.ToImmutable();
    }

    public async Task<(int Total, int Failed)> TotalsAsync(string? hospitalId, IReadOnlyList<string> jobs, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*)::int, count(*) FILTER (WHERE status = 'FAILED')::int
            FROM job_runs WHERE ($1::text IS NULL OR tenant_id IN ($1, '*')) AND job_name = ANY($2)
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Jobs(jobs) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<(int Failures, DateTimeOffset? LastSuccessAt)> FailureStreakAsync(string? hospitalId, IReadOnlyList<string> jobs, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            WITH last_success AS (
                SELECT max(started_at) AS at FROM job_runs
                WHERE ($1::text IS NULL OR tenant_id = $1) AND job_name = ANY($2) AND status = 'COMPLETED')
            SELECT (SELECT count(*)::int FROM job_runs, last_success
                     WHERE ($1::text IS NULL OR tenant_id = $1) AND job_name = ANY($2) AND status = 'FAILED'
                       AND started_at > coalesce(last_success.at, '-infinity')),
                   (SELECT at FROM last_success)
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Jobs(jobs) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.Nullable<DateTimeOffset>(1));
    }

    public async Task<LatenessStats> LatenessAsync(string? hospitalId, IReadOnlyList<string> jobs, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*)::int,
                   percentile_cont(0.50) WITHIN GROUP (ORDER BY lateness_ms),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY lateness_ms),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness_ms),
                   max(lateness_ms)
            FROM job_runs
            WHERE ($1::text IS NULL OR tenant_id = $1) AND job_name = ANY($2) AND status = 'COMPLETED' AND lateness_ms IS NOT NULL AND started_at >= $3
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Jobs(jobs), Instant(since) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LatenessStats(reader.GetInt32(0), reader.Nullable<double>(1), reader.Nullable<double>(2),
            reader.Nullable<double>(3), reader.Nullable<double>(4));
    }

    private static NpgsqlParameter Jobs(IReadOnlyList<string> jobs) => P(jobs.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
}
