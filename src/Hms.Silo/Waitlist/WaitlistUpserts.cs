using Hms.Waitlist;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Waitlist;

/// <summary>The waitlist's read-model rows: one per offer, moving only from OPEN to how it ended.</summary>
public static class WaitlistUpserts
{
    public static NpgsqlBatchCommand Offer(WaitlistOfferRow row)
    {
        var o = row.Offer;
        return Command("""
            INSERT INTO waitlist_offers (id, hospital_id, doctor_id, patient_id, entry_id, slot_date, start_time,
                slot_duration_minutes, status, offered_at, expires_at, answered_at, appointment_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, answered_at = excluded.answered_at, appointment_id = excluded.appointment_id
            WHERE waitlist_offers.status = 'OPEN'
            """,
            Uuid(o.Id), Text(row.HospitalId), Uuid(o.DoctorId), Uuid(o.PatientId), Uuid(o.EntryId), Date(o.Date), Time(o.StartTime),
            Int(o.SlotDurationMinutes), Text(o.Status.ToString()), Instant(o.OfferedAt), Instant(o.ExpiresAt), Instant(o.AnsweredAt),
            Uuid(o.AppointmentId));
    }
}
