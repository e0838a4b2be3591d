-- When a job run reached the read model, stamped by the database itself: the handler's own
-- completed_at is taken before its state write, so this is the instant the outcome was durable
-- and visible to readers (benchmarks report lateness against it).
ALTER TABLE job_runs ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT clock_timestamp();
