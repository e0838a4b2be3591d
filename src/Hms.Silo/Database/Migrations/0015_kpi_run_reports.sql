-- A KPI run keeps the report it sent, so it can be downloaded (GET /api/v1/kpi-alerts/{id}/runs/{runId}/attachment);
-- it goes with the run when the tenant's history retention trims it.
ALTER TABLE kpi_alert_runs ADD COLUMN attachment_name text, ADD COLUMN attachment bytea;
