-- Each tenant's daily history trim (src/Hms.Silo/Retention/PostgresHistoryTrimmer.cs) finds a
-- tenant's oldest rows through an index on its tenant and age columns; job_runs, no_show_logs,
-- stage_alerts and hotel_no_shows have theirs already.
CREATE INDEX ix_notifications_tenant_created ON notifications (tenant_id, created_at);
CREATE INDEX ix_kpi_alert_runs_tenant_started ON kpi_alert_runs (tenant_id, started_at);
CREATE INDEX ix_px_case_audits_tenant_created ON px_case_audits (tenant_id, created_at);
-- A trimmed notification's delivery grain state goes with it, found by its key.
CREATE INDEX ix_orleansstorage_key ON orleansstorage (grainidn0, grainidn1);
