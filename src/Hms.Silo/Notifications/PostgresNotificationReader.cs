using System.Collections.Immutable;
using System.Text.Json;
using Hms.Common;
using Hms.Notifications;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Notifications;

/// <summary>A tenant's notifications to a set of recipients (the ones a user reads for: as staff, through their patient records).</summary>
public sealed class PostgresNotificationReader(NpgsqlDataSource database) : INotificationReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        id, tenant_id, recipient_type, recipient_id, type, title, message, priority, channels, metadata, created_at,
        delivery_status, deliveries, delivered_at, read_at
        """;

    public Task<Page<NotificationView>> ToAsync(string tenantId, ImmutableArray<(RecipientKind Kind, string Id)> recipients, bool unreadOnly,
        Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database,
            Columns,
            """
            FROM notifications
            WHERE tenant_id = $1
              AND (recipient_type, recipient_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
              AND (NOT $4 OR read_at IS NULL)
            """,
            "created_at DESC, id",
            [Text(tenantId), TextArray(recipients.Select(r => r.Kind.Name)), TextArray(recipients.Select(r => r.Id)), Bool(unreadOnly)],
            paging,
            View,
            cancellationToken);

    public Task<Page<NotificationView>> FailedAsync(string tenantId, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, Columns, "FROM notifications WHERE tenant_id = $1 AND delivery_status = 'FAILED'",
            "created_at DESC, id", [Text(tenantId)], paging, View, cancellationToken);

    public async Task<NotificationView?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM notifications WHERE id = $1");
        command.Parameters.Add(Uuid(id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? View(reader) : null;
    }

    private static NotificationView View(System.Data.Common.DbDataReader r) => new(
        new NotificationMessage(r.GetGuid(0), r.GetString(1), RecipientKind.Named(r.GetString(2)), r.GetString(3), r.GetString(4),
            r.GetString(5), r.GetString(6), Priority.Named(r.GetString(7)), [.. r.GetFieldValue<string[]>(8).Select(Channel.Named)],
            (JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(9)) ?? []).ToImmutableDictionary(),
            r.GetFieldValue<DateTimeOffset>(10)),
        DeliveryStatus.Named(r.GetString(11)), [.. JsonSerializer.Deserialize<ChannelDelivery[]>(r.GetString(12), Json) ?? []],
        r.Nullable<DateTimeOffset>(13), r.Nullable<DateTimeOffset>(14));
}
