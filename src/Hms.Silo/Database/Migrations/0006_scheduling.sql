-- Outpatient scheduling (issue 3): what appointment and patient lists show and filter on.
ALTER TABLE appointments
    ADD COLUMN vitals       jsonb,
    ADD COLUMN cancelled_at timestamptz,
    ADD COLUMN completed_at timestamptz;
CREATE INDEX ix_appointments_hospital_status ON appointments (hospital_id, status, appointment_date);

ALTER TABLE patients ADD COLUMN user_id text;
CREATE INDEX ix_patients_user ON patients (hospital_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX ix_patients_status ON patients (hospital_id, status);
