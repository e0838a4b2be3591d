-- The read model: typed tables the grains keep up to date through their outboxes, for the reads
-- that span many entities (lists, logs, reports, health). Grain state stays the truth; every row
-- is an idempotent upsert keyed by a stable id, and rows carrying a version never move backwards.

CREATE TABLE patients (
    id              uuid        PRIMARY KEY,
    hospital_id     text        NOT NULL,
    first_name      text        NOT NULL,
    last_name       text        NOT NULL,
    mrn             text        NOT NULL,
    phone           text,
    email           text,
    status          text        NOT NULL,
    no_show_count   integer     NOT NULL,
    blocked_at      timestamptz,
    blocked_reason  text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL
);
CREATE INDEX ix_patients_hospital ON patients (hospital_id, last_name, first_name);
CREATE INDEX ix_patients_mrn ON patients (hospital_id, mrn);

CREATE TABLE doctors (
    id                    uuid        PRIMARY KEY,
    hospital_id           text        NOT NULL,
    first_name            text        NOT NULL,
    last_name             text        NOT NULL,
    specialization        text,
    slot_duration_minutes integer     NOT NULL,
    max_patients_per_day  integer     NOT NULL,
    is_available          boolean     NOT NULL,
    is_active             boolean     NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               bigint      NOT NULL
);
CREATE INDEX ix_doctors_hospital ON doctors (hospital_id, last_name, first_name);

CREATE TABLE appointments (
    id                    uuid        PRIMARY KEY,
    hospital_id           text        NOT NULL,
    doctor_id             uuid        NOT NULL,
    patient_id            uuid        NOT NULL,
    appointment_date      date        NOT NULL,
    start_time            time        NOT NULL,
    end_time              time        NOT NULL,
    slot_duration_minutes integer     NOT NULL,
    status                text        NOT NULL,
    slot_starts_at        timestamptz NOT NULL,
    no_show_due_at        timestamptz,
    checked_in_at         timestamptz,
    vitals_recorded_at    timestamptz,
    reason                text,
    notes                 text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               bigint      NOT NULL
);
CREATE INDEX ix_appointments_hospital_date ON appointments (hospital_id, appointment_date, start_time);
CREATE INDEX ix_appointments_doctor_date ON appointments (doctor_id, appointment_date);
CREATE INDEX ix_appointments_patient ON appointments (patient_id, appointment_date);
-- The reconcile pass: deadlines still pending, by instant.
CREATE INDEX ix_appointments_no_show_pending ON appointments (no_show_due_at) WHERE no_show_due_at IS NOT NULL;

CREATE TABLE no_show_logs (
    id                uuid        PRIMARY KEY,
    hospital_id       text        NOT NULL,
    appointment_id    uuid        NOT NULL UNIQUE,
    patient_id        uuid        NOT NULL,
    doctor_id         uuid        NOT NULL,
    reason            text        NOT NULL,
    appointment_date  date        NOT NULL,
    slot_time         varchar(5)  NOT NULL,
    timeout_minutes   integer     NOT NULL,
    triggered_at      timestamptz NOT NULL,
    slot_released     boolean     NOT NULL,
    slot_released_at  timestamptz,
    notification_sent boolean     NOT NULL,
    notes             text,
    created_by        text
);
CREATE INDEX ix_no_show_logs_hospital ON no_show_logs (hospital_id, triggered_at DESC);
CREATE INDEX ix_no_show_logs_hospital_date ON no_show_logs (hospital_id, appointment_date);

CREATE TABLE notifications (
    id             uuid        PRIMARY KEY,
    tenant_id      text        NOT NULL,
    recipient_type text        NOT NULL,
    recipient_id   text        NOT NULL,
    type           text        NOT NULL,
    title          text        NOT NULL,
    message        text        NOT NULL,
    priority       text        NOT NULL,
    channels       text[]      NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL,
    read_at        timestamptz
);
CREATE INDEX ix_notifications_recipient ON notifications (tenant_id, recipient_type, recipient_id, created_at DESC);

CREATE TABLE job_runs (
    id              uuid        PRIMARY KEY,
    job_name        text        NOT NULL,
    tenant_id       text        NOT NULL,
    status          text        NOT NULL,
    started_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    duration_ms     bigint      NOT NULL,
    items_processed integer     NOT NULL,
    error_message   text,
    source          text        NOT NULL,
    subject_id      text,
    due_at          timestamptz,
    lateness_ms     double precision
);
CREATE INDEX ix_job_runs_job ON job_runs (tenant_id, job_name, started_at DESC);
CREATE INDEX ix_job_runs_subject ON job_runs (subject_id);
