-- Hotels (docs/hotels.md): the read model of the hotel back office. Each row keeps its grain's view as
-- jsonb (data) beside the columns lists filter and the jobs' passes search on.

-- A job execution's result object (the hotel jobs report one), and runs scheduled for later (PENDING).
ALTER TABLE job_runs ADD COLUMN metadata jsonb;
CREATE INDEX ix_job_runs_tenant_started ON job_runs (tenant_id, started_at DESC);

CREATE TABLE hotels (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    time_zone   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    version     bigint      NOT NULL
);

CREATE TABLE hotel_reservations (
    id              uuid        PRIMARY KEY,
    hotel_id        text        NOT NULL,
    status          text        NOT NULL,
    room_type_id    uuid        NOT NULL,
    arrival         date        NOT NULL,
    departure       date        NOT NULL,
    nights_held     boolean     NOT NULL,
    cutoff_at       timestamptz NOT NULL,
    -- The reservation's pending deadlines (no-show at the cut-off, release at the end of a hold).
    no_show_due_at  timestamptz,
    release_due_at  timestamptz,
    folio_status    text        NOT NULL,
    folio_total     numeric     NOT NULL,
    folio_balance   numeric     NOT NULL,
    invoice_number  text,
    data            jsonb       NOT NULL,
    version         bigint      NOT NULL
);
CREATE INDEX ix_hotel_reservations_list ON hotel_reservations (hotel_id, arrival, id);
CREATE INDEX ix_hotel_reservations_no_show ON hotel_reservations (hotel_id, no_show_due_at) WHERE no_show_due_at IS NOT NULL;
CREATE INDEX ix_hotel_reservations_release ON hotel_reservations (hotel_id, release_due_at) WHERE release_due_at IS NOT NULL;
CREATE INDEX ix_hotel_reservations_uninvoiced ON hotel_reservations (hotel_id) WHERE folio_status = 'COMPLETED' AND invoice_number IS NULL;

CREATE TABLE hotel_no_shows (
    id              uuid        PRIMARY KEY,
    hotel_id        text        NOT NULL,
    reservation_id  uuid        NOT NULL,
    detected_at     timestamptz NOT NULL,
    data            jsonb       NOT NULL
);
CREATE INDEX ix_hotel_no_shows ON hotel_no_shows (hotel_id, detected_at DESC);

CREATE TABLE hotel_invoices (
    id          uuid        PRIMARY KEY,
    hotel_id    text        NOT NULL,
    number      text        NOT NULL,
    folio_id    uuid        NOT NULL,
    total       numeric     NOT NULL,
    issued_at   timestamptz NOT NULL,
    data        jsonb       NOT NULL,
    UNIQUE (hotel_id, number),
    UNIQUE (folio_id)
);

CREATE TABLE hotel_room_availability (
    hotel_id        text        NOT NULL,
    room_type_id    uuid        NOT NULL,
    date            date        NOT NULL,
    total_rooms     integer     NOT NULL,
    occupied_rooms  integer     NOT NULL,
    available_rooms integer     NOT NULL,
    occupancy_rate  numeric     NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (room_type_id, date)
);
CREATE INDEX ix_hotel_room_availability ON hotel_room_availability (hotel_id, date);

CREATE TABLE hotel_housekeeping_tasks (
    id          uuid        PRIMARY KEY,
    hotel_id    text        NOT NULL,
    status      text        NOT NULL,
    assignee_id text,
    round_date  date        NOT NULL,
    priority    text        NOT NULL,
    data        jsonb       NOT NULL,
    version     bigint      NOT NULL
);
CREATE INDEX ix_hotel_housekeeping_tasks ON hotel_housekeeping_tasks (hotel_id, round_date DESC);

CREATE TABLE hotel_equipment (
    id                  uuid        PRIMARY KEY,
    hotel_id            text        NOT NULL,
    next_due_on         date        NOT NULL,
    is_active           boolean     NOT NULL,
    open_work_order_id  uuid,
    -- The pending maintenance deadline (null while a work order is open or the item is inactive).
    due_at              timestamptz,
    data                jsonb       NOT NULL,
    version             bigint      NOT NULL
);
CREATE INDEX ix_hotel_equipment ON hotel_equipment (hotel_id, due_at);

CREATE TABLE hotel_work_orders (
    id              uuid        PRIMARY KEY,
    hotel_id        text        NOT NULL,
    equipment_id    uuid        NOT NULL,
    status          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    data            jsonb       NOT NULL,
    version         bigint      NOT NULL
);
CREATE INDEX ix_hotel_work_orders ON hotel_work_orders (hotel_id, created_at DESC);
