-- A failed KPI report is retried (issue 7): each run says which attempt at its occurrence it was.
ALTER TABLE kpi_alert_runs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
