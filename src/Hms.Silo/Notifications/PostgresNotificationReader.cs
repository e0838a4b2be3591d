using System.Collections.Immutable;
using System.Text.Json;
using Hms.Common;
using Hms.Notifications;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Notifications;

/// <summary>A user's notifications: those to them as staff, and those to the patient records that carry their user id.</summary>
public sealed class PostgresNotificationReader(NpgsqlDataSource database) : INotificationReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Page<NotificationView>> MineAsync(string tenantId, string userId, bool unreadOnly, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database,
            """
            id, tenant_id, recipient_type, recipient_id, type, title, message, priority, channels, metadata, created_at,
            delivery_status, deliveries, delivered_at, read_at
            """,
            """
            FROM notifications
            WHERE tenant_id = $1
              AND ((recipient_type = 'USER' AND recipient_id = $2)
                OR (recipient_type = 'PATIENT' AND recipient_id IN (SELECT id::text FROM patients WHERE hospital_id = $1 AND user_id = $2)))
              AND (NOT $3 OR read_at IS NULL)
            """,
            "created_at DESC, id",
            [Text(tenantId), Text(userId), Bool(unreadOnly)],
            paging,
            r => new NotificationView(
                new NotificationMessage(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                    r.GetString(6), r.GetString(7), [.. r.GetFieldValue<string[]>(8)],
                    (JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(9)) ?? []).ToImmutableDictionary(),
                    r.GetFieldValue<DateTimeOffset>(10)),
                r.GetString(11), [.. JsonSerializer.Deserialize<ChannelDelivery[]>(r.GetString(12), Json) ?? []],
                r.Nullable<DateTimeOffset>(13), r.Nullable<DateTimeOffset>(14)),
            cancellationToken);
}
