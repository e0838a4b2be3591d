-- Stage alerts (issue 4) and every pending deadline of an appointment, so the reconcile pass can find
-- deadlines that are past due and unhandled (a backup, never the main path).
ALTER TABLE appointments
    ADD COLUMN no_vitals_due_at timestamptz,
    ADD COLUMN no_doctor_due_at timestamptz,
    ADD COLUMN waiting_due_at   timestamptz;
CREATE INDEX ix_appointments_no_vitals_pending ON appointments (no_vitals_due_at) WHERE no_vitals_due_at IS NOT NULL;
CREATE INDEX ix_appointments_no_doctor_pending ON appointments (no_doctor_due_at) WHERE no_doctor_due_at IS NOT NULL;
CREATE INDEX ix_appointments_waiting_pending ON appointments (waiting_due_at) WHERE waiting_due_at IS NOT NULL;

CREATE TABLE stage_alerts (
    id              uuid        PRIMARY KEY,
    hospital_id     text        NOT NULL,
    appointment_id  uuid        NOT NULL,
    patient_id      uuid        NOT NULL,
    doctor_id       uuid        NOT NULL,
    alert_type      text        NOT NULL,
    status          text        NOT NULL,
    message         text        NOT NULL,
    triggered_at    timestamptz NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz,
    resolved_by     text,
    updated_at      timestamptz NOT NULL,
    UNIQUE (appointment_id, alert_type)
);
CREATE INDEX ix_stage_alerts_board ON stage_alerts (hospital_id, status, triggered_at DESC);
CREATE INDEX ix_stage_alerts_changes ON stage_alerts (hospital_id, updated_at);
