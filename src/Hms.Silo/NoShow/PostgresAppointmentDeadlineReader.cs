using System.Collections.Immutable;
using Hms.Jobs;
using Hms.NoShow;
using Hms.Silo.Jobs;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.NoShow;

/// <summary>Appointments' pending deadlines (NO_SHOW, the stage alerts, the next reminder), from the due-at columns the appointments' rows keep per kind.</summary>
public sealed class PostgresAppointmentDeadlineReader(NpgsqlDataSource database) : IAppointmentDeadlineReader
{
    /// <summary>An appointment's earliest pending deadline (least() skips the kinds not pending).</summary>
    private const string Earliest = "least(no_show_due_at, no_vitals_due_at, no_doctor_due_at, waiting_due_at, reminder_due_at)";

    /// <summary>Uses the partial index of each kind.</summary>
    private const string AnyPendingBefore = """
        (no_show_due_at <= $2 OR no_vitals_due_at <= $2 OR no_doctor_due_at <= $2 OR waiting_due_at <= $2 OR reminder_due_at <= $2)
        """;

    /// <summary>Any kind pending, written so each kind's partial index can serve it.</summary>
    private const string AnyPending = """
        (no_show_due_at IS NOT NULL OR no_vitals_due_at IS NOT NULL OR no_doctor_due_at IS NOT NULL OR waiting_due_at IS NOT NULL
         OR reminder_due_at IS NOT NULL)
        """;

    public async Task<ImmutableArray<DueRecord>> DueAsync(string? hospitalId, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT id, hospital_id, {Earliest} FROM appointments
            WHERE ($1::text IS NULL OR hospital_id = $1) AND {AnyPendingBefore}
            ORDER BY 3 LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Text(hospitalId), Instant(cutoff), Int(limit) });
        return await DueRecords.ReadAsync(command, cancellationToken);
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
}
