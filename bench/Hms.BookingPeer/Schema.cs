using Npgsql;

namespace Hms.BookingPeer;

/// <summary>
/// The peer's own tables in schema <c>peer</c>: the rows the seeds' booking reads (hospital, doctor,
/// weekly schedule, holidays, absences, patient) and the appointments it writes. A partial unique
/// index keeps one live appointment per doctor, date and start, as the last line against a double booking.
/// </summary>
public static class Schema
{
    public const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS peer;
        CREATE TABLE IF NOT EXISTS peer.hospitals (
            id text PRIMARY KEY, time_zone text NOT NULL, booking_horizon_days int NOT NULL);
        CREATE TABLE IF NOT EXISTS peer.doctors (
            id text PRIMARY KEY, hospital_id text NOT NULL REFERENCES peer.hospitals,
            slot_duration int NOT NULL, max_patients_per_day int NOT NULL,
            is_available boolean NOT NULL, is_active boolean NOT NULL);
        CREATE TABLE IF NOT EXISTS peer.schedules (
            doctor_id text NOT NULL REFERENCES peer.doctors, day_of_week int NOT NULL,
            start_time time NOT NULL, end_time time NOT NULL, break_start time, break_end time,
            is_active boolean NOT NULL, PRIMARY KEY (doctor_id, day_of_week));
        CREATE TABLE IF NOT EXISTS peer.holidays (
            hospital_id text NOT NULL REFERENCES peer.hospitals, day date NOT NULL, recurring boolean NOT NULL);
        CREATE TABLE IF NOT EXISTS peer.absences (
            doctor_id text NOT NULL REFERENCES peer.doctors, day date NOT NULL, from_time time, to_time time);
        CREATE TABLE IF NOT EXISTS peer.patients (
            id text PRIMARY KEY, hospital_id text NOT NULL REFERENCES peer.hospitals, status text NOT NULL);
        CREATE TABLE IF NOT EXISTS peer.appointments (
            id uuid PRIMARY KEY, hospital_id text NOT NULL, doctor_id text NOT NULL, patient_id text NOT NULL,
            appointment_date date NOT NULL, start_time time NOT NULL, end_time time NOT NULL,
            status text NOT NULL, no_show_due_at timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX IF NOT EXISTS appointments_one_per_slot ON peer.appointments (doctor_id, appointment_date, start_time)
            WHERE status NOT IN ('CANCELLED', 'NO_SHOW');
        CREATE INDEX IF NOT EXISTS appointments_by_patient ON peer.appointments (patient_id, appointment_date);
        CREATE INDEX IF NOT EXISTS holidays_by_hospital ON peer.holidays (hospital_id);
        CREATE INDEX IF NOT EXISTS absences_by_doctor ON peer.absences (doctor_id, day);
        """;

    public static async Task CreateAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(Ddl);
        await command.ExecuteNonQueryAsync();
    }
}
