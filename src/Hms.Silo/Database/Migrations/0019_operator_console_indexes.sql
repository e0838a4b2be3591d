-- The operators' console (src/Hms.Silo/Operations/PostgresOperationsReader.cs, src/Hms.Silo/Notifications/PostgresNotificationReader.cs):
-- a tenant's pending appointment deadlines and its FAILED notifications, read without scanning every tenant's.
-- The per-kind partial indexes of 0005/0007/0017 lead with the instant (backup passes over all tenants); these lead with the tenant.
CREATE INDEX ix_ops_appointments_no_show ON appointments (hospital_id, no_show_due_at) WHERE no_show_due_at IS NOT NULL;
CREATE INDEX ix_ops_appointments_reminder ON appointments (hospital_id, reminder_due_at) WHERE reminder_due_at IS NOT NULL;
CREATE INDEX ix_ops_notifications_failed ON notifications (tenant_id, created_at DESC) WHERE delivery_status = 'FAILED';
