using System.Collections.Immutable;
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

    private static NpgsqlParameter Jobs(IReadOnlyList<JobName> jobs) => P(jobs.Select(j => j.Name).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
}
