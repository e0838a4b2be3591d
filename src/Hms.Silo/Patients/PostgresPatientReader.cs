using System.Collections.Immutable;
using Hms.Common;
using Hms.Patients;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Patients;

public sealed class PostgresPatientReader(NpgsqlDataSource database) : IPatientReader
{
    public Task<Page<PatientView>> ListAsync(string hospitalId, PatientFilter filter, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database,
            "id, hospital_id, first_name, last_name, mrn, phone, email, user_id, status, no_show_count, blocked_at, blocked_reason, created_at",
            """
            FROM patients
            WHERE hospital_id = $1
              AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR first_name ILIKE '%' || $3 || '%' OR last_name ILIKE '%' || $3 || '%' OR mrn ILIKE '%' || $3 || '%')
            """,
            "last_name, first_name, id",
            [Text(hospitalId), Text(filter.Status?.ToString()), Text(Like(filter.Search))],
            filter.Paging,
            r => new PatientView(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.NullableString(5), r.NullableString(6), r.NullableString(7), Enum.Parse<PatientStatus>(r.GetString(8)),
                r.GetInt32(9), r.Nullable<DateTimeOffset>(10), r.NullableString(11), r.GetFieldValue<DateTimeOffset>(12)),
            cancellationToken);

    public async Task<ImmutableArray<Guid>> OfUserAsync(string hospitalId, string userId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT id FROM patients WHERE hospital_id = $1 AND user_id = $2");
        command.Parameters.AddRange(new[] { Text(hospitalId), Text(userId) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = ImmutableArray.CreateBuilder<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetGuid(0));
        }
        return found.ToImmutable();
    }
}
