using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.Silo.ReadModel;
using Npgsql;
using NpgsqlTypes;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Jobs;

/// <summary>Job runs from the job_runs table: recent runs, totals, failure streaks, lateness percentiles.</summary>
public sealed class PostgresJobRunReader(NpgsqlDataSource database) : IJobRunReader
{
    public async Task<ImmutableArray<JobRunView>> RecentRunsAsync(string? tenantId, IReadOnlyList<JobName> jobs, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id, job_name, status, started_at, completed_at, duration_ms, items_processed, error_message, source, subject_id, lateness_ms
            FROM job_runs WHERE ($1::text IS NULL OR tenant_id IN ($1, '*')) AND job_name = ANY($2)
            ORDER BY started_at DESC, id LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Jobs(jobs), Int(limit) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = ImmutableArray.CreateBuilder<JobRunView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new JobRunView(reader.GetGuid(0), JobName.Named(reader.GetString(1)), JobStatus.Named(reader.GetString(2)),
                reader.GetFieldValue<DateTimeOffset>(3), reader.Nullable<DateTimeOffset>(4), reader.GetInt64(5), reader.GetInt32(6),
                reader.NullableString(7), RunSource.Named(reader.GetString(8)), reader.NullableString(9), reader.Nullable<double>(10)));
        }
        return runs.ToImmutable();
    }

    public async Task<(int Total, int Failed)> TotalsAsync(string? tenantId, IReadOnlyList<JobName> jobs, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*)::int, count(*) FILTER (WHERE status = 'FAILED')::int
            FROM job_runs WHERE ($1::text IS NULL OR tenant_id IN ($1, '*')) AND job_name = ANY($2)
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Jobs(jobs) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<(int Failures, DateTimeOffset? LastSuccessAt)> FailureStreakAsync(string? tenantId, IReadOnlyList<JobName> jobs, CancellationToken cancellationToken = default)
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
        command.Parameters.AddRange(new[] { Text(tenantId), Jobs(jobs) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.Nullable<DateTimeOffset>(1));
    }

    public async Task<LatenessStats> LatenessAsync(string? tenantId, IReadOnlyList<JobName> jobs, DateTimeOffset since, CancellationToken cancellationToken = default)
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
        command.Parameters.AddRange(new[] { Text(tenantId), Jobs(jobs), Instant(since) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LatenessStats(reader.GetInt32(0), reader.Nullable<double>(1), reader.Nullable<double>(2),
            reader.Nullable<double>(3), reader.Nullable<double>(4));
    }

    public Task<Page<JobExecution>> ExecutionsAsync(string tenantId, JobExecutionFilter filter, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, ExecutionColumns, """
            FROM job_runs
            WHERE tenant_id = $1 AND ($2::text IS NULL OR job_name = $2) AND ($3::text IS NULL OR status = $3)
              AND ($4::timestamptz IS NULL OR started_at >= $4) AND ($5::timestamptz IS NULL OR started_at <= $5)
            """, "started_at DESC, id",
            [Text(tenantId), Text(filter.Job?.Name), Text(filter.Status?.Name), Instant(filter.StartedFrom), Instant(filter.StartedTo)],
            paging, Execution, cancellationToken);

    public async Task<JobExecution?> ExecutionAsync(string tenantId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {ExecutionColumns} FROM job_runs WHERE tenant_id = $1 AND id = $2");
        command.Parameters.AddRange(new[] { Text(tenantId), Uuid(id) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Execution(reader) : null;
    }

    public async Task<JobExecutionStats> StatsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT job_name, count(*)::int, count(*) FILTER (WHERE status = 'COMPLETED')::int, count(*) FILTER (WHERE status = 'FAILED')::int,
                   avg(duration_ms) FILTER (WHERE status IN ('COMPLETED', 'FAILED'))::double precision
            FROM job_runs WHERE tenant_id = $1 AND started_at >= $2
            GROUP BY job_name ORDER BY job_name
            """);
        command.Parameters.AddRange(new[] { Text(tenantId), Instant(since) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byJob = ImmutableArray.CreateBuilder<JobNameStats>();
        while (await reader.ReadAsync(cancellationToken))
        {
            byJob.Add(new JobNameStats(JobName.Named(reader.GetString(0)), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.Nullable<double>(4) is { } avg ? Math.Round(avg, 1) : null));
        }
        return new JobExecutionStats(byJob.Sum(j => j.Total), byJob.Sum(j => j.Completed), byJob.Sum(j => j.Failed), byJob.ToImmutable());
    }

    private const string ExecutionColumns = """
        id, job_name, tenant_id, status, source, subject_id, due_at, started_at, completed_at, duration_ms, items_processed, error_message,
        lateness_ms, metadata::text, recorded_at
        """;

    /// <summary>A PENDING run's started_at holds when it is due; it has not started.</summary>
    private static JobExecution Execution(System.Data.Common.DbDataReader r)
    {
        var status = JobStatus.Named(r.GetString(3));
        return new JobExecution(r.GetGuid(0), JobName.Named(r.GetString(1)), r.GetString(2), status, RunSource.Named(r.GetString(4)),
            r.NullableString(5), r.Nullable<DateTimeOffset>(6), status == JobStatus.Pending ? null : r.GetFieldValue<DateTimeOffset>(7),
            r.Nullable<DateTimeOffset>(8), r.GetInt64(9), r.GetInt32(10), r.NullableString(11), r.Nullable<double>(12), r.NullableString(13),
            r.GetFieldValue<DateTimeOffset>(14));
    }

    private static NpgsqlParameter Jobs(IReadOnlyList<JobName> jobs) => P(jobs.Select(j => j.Name).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
}
