-- Reminders and the patient's answers to them, for the NO_SHOW statistics (reminded vs not, confirmed,
-- cancelled by reminder), the SMS reply lookup (the patient's next reminded appointment), and the next
-- reminder's instant beside the appointment's other deadlines (the reconcile pass and deadline health see it).
ALTER TABLE appointments
    ADD COLUMN reminded_at     timestamptz,
    ADD COLUMN reminder_answer text,
    ADD COLUMN answered_via    text,
    ADD COLUMN answered_at     timestamptz,
    ADD COLUMN reminder_due_at timestamptz;

CREATE INDEX ix_appointments_reminder_pending ON appointments (reminder_due_at) WHERE reminder_due_at IS NOT NULL;
CREATE INDEX ix_appointments_reminded ON appointments (patient_id, slot_starts_at)
    WHERE reminded_at IS NOT NULL AND status IN ('SCHEDULED', 'CONFIRMED');
CREATE INDEX ix_patients_phone_digits ON patients (regexp_replace(phone, '\D', '', 'g')) WHERE phone IS NOT NULL;
