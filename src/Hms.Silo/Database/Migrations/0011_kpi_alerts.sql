-- KPI alerts (issue 7, seed 002). Each alert's grain is the truth and holds its own next deadline;
-- kpi_alerts serves lists (the definition as JSON, token masked), kpi_alert_runs is each alert's history.
CREATE TABLE kpi_alerts (
    id          uuid        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    name        text        NOT NULL,
    alert_type  text        NOT NULL,
    is_active   boolean     NOT NULL,
    next_run_at timestamptz,
    alert       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL
);
CREATE INDEX ix_kpi_alerts_list ON kpi_alerts (tenant_id, created_at, id);

CREATE TABLE kpi_alert_runs (
    id                 uuid        PRIMARY KEY,
    alert_id           uuid        NOT NULL,
    tenant_id          text        NOT NULL,
    kind               text        NOT NULL,
    occurrence         timestamptz NOT NULL,
    status             text        NOT NULL,
    reason             text,
    error              text,
    started_at         timestamptz NOT NULL,
    duration_ms        bigint      NOT NULL,
    recipients         text[]      NOT NULL,
    attachment_type    text,
    attachment_bytes   bigint,
    value              numeric,
    missed_occurrences integer     NOT NULL
);
CREATE INDEX ix_kpi_alert_runs_alert ON kpi_alert_runs (alert_id, started_at DESC);

-- The built-in KPI store: values pushed through the API (the truth for BUILT_IN sources).
CREATE TABLE kpi_values (
    tenant_id   text        NOT NULL,
    metric      text        NOT NULL,
    at          timestamptz NOT NULL,
    value       numeric     NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, metric, at)
);
