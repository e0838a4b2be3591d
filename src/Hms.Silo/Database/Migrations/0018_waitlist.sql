-- Offers of freed slots to waitlisted patients (src/Hms.Grains/Waitlist/). The doctor's waitlist grain is
-- the truth; a row is written when the offer is made and once more when it ends. ACCEPTED rows with their
-- slot_duration_minutes are the slots refilled from the waitlist and the minutes they recovered.
CREATE TABLE waitlist_offers (
    id                    uuid        PRIMARY KEY,
    hospital_id           text        NOT NULL,
    doctor_id             uuid        NOT NULL,
    patient_id            uuid        NOT NULL,
    entry_id              uuid        NOT NULL,
    slot_date             date        NOT NULL,
    start_time            time        NOT NULL,
    slot_duration_minutes integer     NOT NULL,
    -- OPEN, ACCEPTED, DECLINED, EXPIRED or WITHDRAWN
    status                text        NOT NULL,
    offered_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    answered_at           timestamptz,
    appointment_id        uuid
);
CREATE INDEX ix_waitlist_offers_hospital ON waitlist_offers (hospital_id, offered_at);
CREATE INDEX ix_waitlist_offers_doctor ON waitlist_offers (doctor_id, slot_date, start_time);
