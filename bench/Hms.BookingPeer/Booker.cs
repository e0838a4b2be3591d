using System.Collections.Concurrent;
using System.Data;
using Npgsql;

namespace Hms.BookingPeer;

/// <summary>A booking request, as POST /api/v1/appointments takes it (src/Hms.Api/Appointments/AppointmentEndpoints.cs).</summary>
public sealed record BookRequest(string? PatientId, string? DoctorId, string? AppointmentDate, string? StartTime);

/// <summary>The answer: 201 with the appointment, or a status and a stable code.</summary>
public sealed record Outcome(int Status, string Code, Guid? AppointmentId = null);

/// <summary>
/// The seeds' booking: every validation that reads the database, and the insert, in ONE Serializable
/// transaction. PostgreSQL aborts a transaction whose reads another's committed writes would have
/// changed (SQLSTATE 40001) and the unique index refuses a second live appointment for a slot (23505);
/// either way the whole transaction runs again, and the re-run sees the winner and answers 409.
/// The rules are those of src/Hms.Grains/Appointments/BookingCheck.cs, in the same order except that
/// the patient's overlap is checked after the doctor's rules (it needs the doctor's slot length).
/// </summary>
public sealed class Booker(NpgsqlDataSource database, TimeProvider clock)
{
    private const int MaxAttempts = 20;
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new();

    private static long _serializationRetries, _uniqueRetries, _givenUp;

    /// <summary>Transactions run again after a 40001 and after a 23505, and bookings given up (503) after
    /// <see cref="MaxAttempts"/> attempts, since the process started.</summary>
    public static (long Serialization, long Unique, long GivenUp) Retries =>
        (Interlocked.Read(ref _serializationRetries), Interlocked.Read(ref _uniqueRetries), Interlocked.Read(ref _givenUp));

    public async Task<Outcome> BookAsync(string tenant, string patientId, string doctorId, DateOnly date, TimeOnly start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(tenant, patientId, doctorId, date, start);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation)
            {
                if (attempt == MaxAttempts)
                {
                    Interlocked.Increment(ref _givenUp);
                    return new(503, "busy_retry_later");
                }
                Interlocked.Increment(ref e.SqlState == PostgresErrorCodes.UniqueViolation ? ref _uniqueRetries : ref _serializationRetries);
                // Growing, jittered back-off (up to 4, 8, 16 … 200 ms), so transactions that keep colliding spread out.
                await Task.Delay(Random.Shared.Next(1, Math.Min(200, 2 << attempt)));
            }
        }
    }

    private async Task<Outcome> AttemptAsync(string tenant, string patientId, string doctorId, DateOnly date, TimeOnly start)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable);

        // 1. Patient exists in the caller's hospital. 2. Patient not blocked.
        string? patientStatus = null;
        await using (var patient = new NpgsqlCommand("SELECT status FROM peer.patients WHERE id = $1 AND hospital_id = $2", connection, transaction))
        {
            patient.Parameters.Add(new() { Value = patientId });
            patient.Parameters.Add(new() { Value = tenant });
            patientStatus = (string?)await patient.ExecuteScalarAsync();
        }
        if (patientStatus is null)
        {
            return new(404, "patient_not_found");
        }
        if (patientStatus == "BLOCKED")
        {
            return new(403, "patient_blocked");
        }

        // 4.–12. The doctor, the hospital, the weekday's schedule, holidays and absences, in one read.
        await using var doctorQuery = new NpgsqlCommand("""
            SELECT d.slot_duration, d.max_patients_per_day, d.is_available, d.is_active,
                   h.time_zone, h.booking_horizon_days,
                   s.start_time, s.end_time, s.break_start, s.break_end,
                   EXISTS (SELECT 1 FROM peer.holidays x WHERE x.hospital_id = h.id
                           AND (x.day = $3 OR (x.recurring AND extract(month FROM x.day) = extract(month FROM $3::date)
                                                          AND extract(day FROM x.day) = extract(day FROM $3::date)))),
                   EXISTS (SELECT 1 FROM peer.absences a WHERE a.doctor_id = d.id AND a.day = $3
                           AND (a.from_time IS NULL OR (a.from_time < $4::time + make_interval(mins => d.slot_duration) AND $4::time < a.to_time)))
            FROM peer.doctors d
            JOIN peer.hospitals h ON h.id = d.hospital_id
            LEFT JOIN peer.schedules s ON s.doctor_id = d.id AND s.day_of_week = $5 AND s.is_active
            WHERE d.id = $1 AND d.hospital_id = $2
            """, connection, transaction);
        doctorQuery.Parameters.Add(new() { Value = doctorId });
        doctorQuery.Parameters.Add(new() { Value = tenant });
        doctorQuery.Parameters.Add(new() { Value = date });
        doctorQuery.Parameters.Add(new() { Value = start });
        doctorQuery.Parameters.Add(new() { Value = (int)date.DayOfWeek });
        Doctor doctor;
        await using (var row = await doctorQuery.ExecuteReaderAsync())
        {
            if (!await row.ReadAsync())
            {
                return new(404, "doctor_not_found");
            }
            doctor = new Doctor(row.GetInt32(0), row.GetInt32(1), row.GetBoolean(2), row.GetBoolean(3), row.GetString(4), row.GetInt32(5),
                row.IsDBNull(6) ? null : row.GetFieldValue<TimeOnly>(6), row.IsDBNull(7) ? null : row.GetFieldValue<TimeOnly>(7),
                row.IsDBNull(8) ? null : row.GetFieldValue<TimeOnly>(8), row.IsDBNull(9) ? null : row.GetFieldValue<TimeOnly>(9),
                row.GetBoolean(10), row.GetBoolean(11));
        }
        var end = start.AddMinutes(doctor.SlotDuration);
        var refused = doctor.Refuses(date, start, end, Now(doctor.TimeZone));
        if (refused is not null)
        {
            return refused;
        }

        // 3. The patient's time. 13. The slot. 14. The doctor's day.
        await using var taken = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM peer.appointments WHERE patient_id = $1 AND appointment_date = $3
                           AND status NOT IN ('CANCELLED', 'NO_SHOW') AND start_time < $5 AND $4 < end_time),
                   EXISTS (SELECT 1 FROM peer.appointments WHERE doctor_id = $2 AND appointment_date = $3 AND start_time = $4
                           AND status NOT IN ('CANCELLED', 'NO_SHOW')),
                   (SELECT count(*) FROM peer.appointments WHERE doctor_id = $2 AND appointment_date = $3
                           AND status NOT IN ('CANCELLED', 'NO_SHOW'))
            """, connection, transaction);
        taken.Parameters.Add(new() { Value = patientId });
        taken.Parameters.Add(new() { Value = doctorId });
        taken.Parameters.Add(new() { Value = date });
        taken.Parameters.Add(new() { Value = start });
        taken.Parameters.Add(new() { Value = end });
        await using (var row = await taken.ExecuteReaderAsync())
        {
            await row.ReadAsync();
            if (row.GetBoolean(0))
            {
                return new(409, "patient_double_booked");
            }
            if (row.GetBoolean(1))
            {
                return new(409, "slot_taken");
            }
            if (row.GetInt64(2) >= doctor.MaxPatientsPerDay)
            {
                return new(409, "doctor_day_full");
            }
        }

        var id = Guid.CreateVersion7();
        var zone = Zone(doctor.TimeZone);
        var startsAt = new DateTimeOffset(date.ToDateTime(start), zone.GetUtcOffset(date.ToDateTime(start)));
        await using var insert = new NpgsqlCommand("""
            INSERT INTO peer.appointments (id, hospital_id, doctor_id, patient_id, appointment_date, start_time, end_time, status, no_show_due_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'SCHEDULED', $8)
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = id });
        insert.Parameters.Add(new() { Value = tenant });
        insert.Parameters.Add(new() { Value = doctorId });
        insert.Parameters.Add(new() { Value = patientId });
        insert.Parameters.Add(new() { Value = date });
        insert.Parameters.Add(new() { Value = start });
        insert.Parameters.Add(new() { Value = end });
        insert.Parameters.Add(new() { Value = startsAt.AddMinutes(doctor.SlotDuration).ToUniversalTime() });
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return new(201, "created", id);
    }

    private DateTime Now(string timeZone) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone(timeZone)).DateTime;

    private static TimeZoneInfo Zone(string id) => Zones.GetOrAdd(id, TimeZoneInfo.FindSystemTimeZoneById);
}
