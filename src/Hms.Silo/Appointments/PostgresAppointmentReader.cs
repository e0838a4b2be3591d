using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hms.Appointments;
using Hms.Common;
using Hms.Doctors;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Appointments;

/// <summary>Appointments from the read model, with their stage alerts; and, for a doctor's changes, the bookings they may touch.</summary>
public sealed class PostgresAppointmentReader(NpgsqlDataSource database) : IAppointmentReader, IDoctorBookings, IReminderReplyReader
{
    private const string Columns = """
        id, hospital_id, patient_id, doctor_id, appointment_date, start_time, end_time, slot_duration_minutes, status,
        slot_starts_at, checked_in_at, vitals_recorded_at, reason, notes, created_at, updated_at, vitals, cancelled_at,
        completed_at,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'type', s.alert_type, 'status', s.status, 'message', s.message,
                 'triggeredAt', s.triggered_at, 'acknowledgedAt', s.acknowledged_at, 'acknowledgedBy', s.acknowledged_by,
                 'resolvedAt', s.resolved_at, 'resolvedBy', s.resolved_by) ORDER BY s.triggered_at), '[]'::jsonb)
           FROM stage_alerts s WHERE s.appointment_id = appointments.id) AS alerts,
        reminded_at, reminder_answer, answered_via, answered_at
        """;

    private static readonly JsonSerializerOptions AlertJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private sealed record AlertJsonRow(Guid Id, StageAlertType Type, StageAlertStatus Status, string Message, DateTimeOffset TriggeredAt,
        DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt, string? ResolvedBy);

    public Task<Page<AppointmentView>> ListAsync(string hospitalId, AppointmentFilter filter, string? patientUserId,
        CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, Columns,
            """
            FROM appointments
            WHERE hospital_id = $1
              AND ($2::date IS NULL OR appointment_date >= $2)
              AND ($3::date IS NULL OR appointment_date <= $3)
              AND ($4::uuid IS NULL OR doctor_id = $4)
              AND ($5::uuid IS NULL OR patient_id = $5)
              AND ($6::text IS NULL OR status = $6)
              AND ($7::text IS NULL OR patient_id IN (SELECT id FROM patients WHERE hospital_id = $1 AND user_id = $7))
            """,
            "appointment_date, start_time, id",
            [Text(hospitalId), Date(filter.From), Date(filter.To), Uuid(filter.DoctorId), Uuid(filter.PatientId),
             Text(filter.Status?.ToString()), Text(patientUserId)],
            filter.Paging, Map, cancellationToken);

    public async Task<ImmutableArray<Booking>> AwaitedAsync(Guid doctorId, DateOnly from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id, hospital_id, patient_id, appointment_date, start_time, end_time FROM appointments
            WHERE doctor_id = $1 AND appointment_date >= $2 AND ($3::date IS NULL OR appointment_date <= $3)
              AND status IN ('SCHEDULED', 'CONFIRMED')
            ORDER BY appointment_date, start_time
            """);
        command.Parameters.AddRange(new[] { Uuid(doctorId), Date(from), Date(to) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = ImmutableArray.CreateBuilder<Booking>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new Booking(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<DateOnly>(3),
                reader.GetFieldValue<TimeOnly>(4), reader.GetFieldValue<TimeOnly>(5)));
        }
        return found.ToImmutable();
    }

    private static AppointmentView Map(DbDataReader r)
    {
        var slotStartsAt = r.GetFieldValue<DateTimeOffset>(9);
        var duration = r.GetInt32(7);
        return new AppointmentView(r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.GetGuid(3), r.GetFieldValue<DateOnly>(4),
            r.GetFieldValue<TimeOnly>(5), r.GetFieldValue<TimeOnly>(6), duration, Enum.Parse<AppointmentStatus>(r.GetString(8)),
            slotStartsAt, NoShowRules.DueAt(slotStartsAt, duration), r.Nullable<DateTimeOffset>(10), r.Nullable<DateTimeOffset>(11),
            r.NullableString(12), r.NullableString(13), r.GetFieldValue<DateTimeOffset>(14), r.GetFieldValue<DateTimeOffset>(15),
            r.IsDBNull(16) ? null : JsonSerializer.Deserialize<Vitals>(r.GetString(16)),
            r.Nullable<DateTimeOffset>(17), r.Nullable<DateTimeOffset>(18),
            [.. JsonSerializer.Deserialize<AlertJsonRow[]>(r.GetString(19), AlertJson)!.Select(x => new StageAlertView(x.Id, r.GetGuid(0),
                x.Type, x.Status, x.Message, x.TriggeredAt, x.AcknowledgedAt, x.AcknowledgedBy, x.ResolvedAt, x.ResolvedBy))],
            r.Nullable<DateTimeOffset>(20),
            r.IsDBNull(21) ? null : new ReminderAnswer(Enum.Parse<ReminderAction>(r.GetString(21)), Enum.Parse<ReplyChannel>(r.GetString(22)),
                r.GetFieldValue<DateTimeOffset>(23)));
    }

    public async Task<Guid?> NextRemindedAsync(string phoneDigits, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT a.id FROM appointments a JOIN patients p ON p.id = a.patient_id
            WHERE regexp_replace(p.phone, '\D', '', 'g') = $1 AND p.phone IS NOT NULL
              AND a.reminded_at IS NOT NULL AND a.status IN ('SCHEDULED', 'CONFIRMED') AND a.slot_starts_at > $2
            ORDER BY a.slot_starts_at, a.id
            LIMIT 1
            """);
        command.Parameters.AddRange(new[] { Text(phoneDigits), Instant(now) });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }
}
