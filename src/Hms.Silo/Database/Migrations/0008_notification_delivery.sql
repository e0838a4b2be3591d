-- Notification delivery (issue 4): where each notification's channels stand, written by its grain.
ALTER TABLE notifications
    ADD COLUMN delivery_status text  NOT NULL DEFAULT 'PENDING',
    ADD COLUMN deliveries      jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN delivered_at    timestamptz;
CREATE INDEX ix_notifications_pending ON notifications (created_at) WHERE delivery_status = 'PENDING';
