using System.Text.Json;
using Hms.Notifications;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Notifications;

/// <summary>Stored notifications: the notification when its sender saves it, its delivery as its grain writes it.</summary>
public static class NotificationUpserts
{
    public static NpgsqlBatchCommand Notification(NotificationRow row) => Notification(row.Message);

    private static NpgsqlBatchCommand Notification(NotificationMessage n) => Command("""
        INSERT INTO notifications (id, tenant_id, recipient_type, recipient_id, type, title, message, priority,
            channels, metadata, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO NOTHING
        """,
        Uuid(n.Id), Text(n.TenantId), Text(n.RecipientType.Name), Text(n.RecipientId), Text(n.Type), Text(n.Title),
        Text(n.Message), Text(n.Priority.Name), TextArray(n.Channels.Select(c => c.Name)), Jsonb(JsonSerializer.Serialize(n.Metadata)),
        Instant(n.CreatedAt));

    /// <summary>The whole notification, so the row is right whichever of creator and delivery writes first.</summary>
    public static NpgsqlBatchCommand Delivery(NotificationDeliveryRow row)
    {
        var v = row.Notification;
        var n = v.Message;
        return Command("""
            INSERT INTO notifications (id, tenant_id, recipient_type, recipient_id, type, title, message, priority,
                channels, metadata, created_at, read_at, delivery_status, deliveries, delivered_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET
                read_at = excluded.read_at, delivery_status = excluded.delivery_status,
                deliveries = excluded.deliveries, delivered_at = excluded.delivered_at
            """,
            Uuid(n.Id), Text(n.TenantId), Text(n.RecipientType.Name), Text(n.RecipientId), Text(n.Type), Text(n.Title),
            Text(n.Message), Text(n.Priority.Name), TextArray(n.Channels.Select(c => c.Name)), Jsonb(JsonSerializer.Serialize(n.Metadata)),
            Instant(n.CreatedAt), Instant(v.ReadAt), Text(v.Status.Name), Jsonb(JsonSerializer.Serialize(v.Deliveries, DeliveryJson)),
            Instant(v.DeliveredAt));
    }

    private static readonly JsonSerializerOptions DeliveryJson = new(JsonSerializerDefaults.Web);
}
