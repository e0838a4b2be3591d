using System.Collections.Immutable;
using Hms.Common;
using Hms.Hotels;
using Hms.Silo.ReadModel;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Hotels;

/// <summary>The hotels' read model: lists read back each row's <c>data</c>; the jobs' passes read ids.</summary>
public sealed class PostgresHotelReader(NpgsqlDataSource database) : IHotelReader
{
    public async Task<ImmutableArray<string>> HotelIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT id FROM hotels ORDER BY id");
        return await ListAsync(command, r => r.GetString(0), cancellationToken);
    }

    public Task<Page<ReservationSummary>> ReservationsAsync(string hotelId, ReservationFilter filter, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "data", """
            FROM hotel_reservations
            WHERE hotel_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::date IS NULL OR arrival >= $3) AND ($4::date IS NULL OR arrival <= $4)
            """, "arrival, id",
            [Text(hotelId), Text(filter.Status?.ToString()), Date(filter.ArrivalFrom), Date(filter.ArrivalTo)],
            paging, r => HotelJson.Read<ReservationSummary>(r.GetString(0)), cancellationToken);

    public Task<Page<NoShowRecord>> NoShowsAsync(string hotelId, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "data", "FROM hotel_no_shows WHERE hotel_id = $1", "detected_at DESC, id", [Text(hotelId)], paging,
            r => HotelJson.Read<NoShowRecord>(r.GetString(0)), cancellationToken);

    public Task<Page<Invoice>> InvoicesAsync(string hotelId, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "data", "FROM hotel_invoices WHERE hotel_id = $1", "number DESC", [Text(hotelId)], paging,
            r => HotelJson.Read<Invoice>(r.GetString(0)), cancellationToken);

    public async Task<Invoice?> InvoiceOfFolioAsync(string hotelId, Guid folioId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT data FROM hotel_invoices WHERE hotel_id = $1 AND folio_id = $2");
        command.Parameters.AddRange(new[] { Text(hotelId), Uuid(folioId) });
        return (await ListAsync(command, r => HotelJson.Read<Invoice>(r.GetString(0)), cancellationToken)).FirstOrDefault();
    }

    public Task<Page<HousekeepingTask>> TasksAsync(string hotelId, TaskFilter filter, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "data", """
            FROM hotel_housekeeping_tasks
            WHERE hotel_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::date IS NULL OR round_date = $3) AND ($4::text IS NULL OR assignee_id = $4)
            """, "round_date DESC, priority, id",
            [Text(hotelId), Text(filter.Status?.ToString()), Date(filter.Date), Text(filter.AssigneeId)],
            paging, r => HotelJson.Read<HousekeepingTask>(r.GetString(0)), cancellationToken);

    public Task<Page<WorkOrder>> WorkOrdersAsync(string hotelId, WorkOrderStatus? status, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "data", "FROM hotel_work_orders WHERE hotel_id = $1 AND ($2::text IS NULL OR status = $2)", "created_at DESC, id",
            [Text(hotelId), Text(status?.ToString())], paging, r => HotelJson.Read<WorkOrder>(r.GetString(0)), cancellationToken);

    public async Task<Guid?> EquipmentOfWorkOrderAsync(string hotelId, Guid workOrderId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT equipment_id FROM hotel_work_orders WHERE hotel_id = $1 AND id = $2");
        command.Parameters.AddRange(new[] { Text(hotelId), Uuid(workOrderId) });
        return (await ListAsync(command, r => (Guid?)r.GetGuid(0), cancellationToken)).FirstOrDefault();
    }

    public Task<Page<EquipmentSummary>> EquipmentAsync(string hotelId, Paging paging, CancellationToken cancellationToken = default) =>
        PagedQuery.ReadAsync(database, "data", "FROM hotel_equipment WHERE hotel_id = $1", "next_due_on, id", [Text(hotelId)], paging,
            r => HotelJson.Read<EquipmentSummary>(r.GetString(0)), cancellationToken);

    public async Task<ImmutableArray<Guid>> DueReservationsAsync(string hotelId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id FROM hotel_reservations
            WHERE hotel_id = $1 AND (no_show_due_at <= $2 OR release_due_at <= $2)
            ORDER BY least(no_show_due_at, release_due_at) LIMIT $3
            """);
        command.Parameters.AddRange(new[] { Text(hotelId), Instant(now), Int(limit) });
        return await ListAsync(command, r => r.GetGuid(0), cancellationToken);
    }

    public async Task<ImmutableArray<Guid>> UninvoicedAsync(string hotelId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT id FROM hotel_reservations WHERE hotel_id = $1 AND folio_status = 'COMPLETED' AND invoice_number IS NULL ORDER BY id LIMIT $2
            """);
        command.Parameters.AddRange(new[] { Text(hotelId), Int(limit) });
        return await ListAsync(command, r => r.GetGuid(0), cancellationToken);
    }

    public async Task<ImmutableArray<Guid>> DueEquipmentAsync(string hotelId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT id FROM hotel_equipment WHERE hotel_id = $1 AND due_at <= $2 ORDER BY due_at LIMIT $3");
        command.Parameters.AddRange(new[] { Text(hotelId), Instant(now), Int(limit) });
        return await ListAsync(command, r => r.GetGuid(0), cancellationToken);
    }

    public async Task<ImmutableDictionary<Guid, int>> ArrivalsAsync(string hotelId, DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT room_type_id, count(*)::int FROM hotel_reservations WHERE hotel_id = $1 AND arrival = $2 AND status = 'CONFIRMED' GROUP BY room_type_id
            """);
        command.Parameters.AddRange(new[] { Text(hotelId), Date(date) });
        return (await ListAsync(command, r => (Type: r.GetGuid(0), Count: r.GetInt32(1)), cancellationToken)).ToImmutableDictionary(a => a.Type, a => a.Count);
    }

    public async Task<ImmutableDictionary<DateOnly, AvailabilityDay>> StoredAvailabilityAsync(string hotelId, Guid roomTypeId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT date, total_rooms, occupied_rooms FROM hotel_room_availability WHERE hotel_id = $1 AND room_type_id = $2 AND date BETWEEN $3 AND $4
            """);
        command.Parameters.AddRange(new[] { Text(hotelId), Uuid(roomTypeId), Date(from), Date(to) });
        var days = await ListAsync(command, r => new AvailabilityDay(roomTypeId, r.GetFieldValue<DateOnly>(0), r.GetInt32(1), r.GetInt32(2)), cancellationToken);
        return days.ToImmutableDictionary(d => d.Date);
    }

    private static async Task<ImmutableArray<T>> ListAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(map(reader));
        }
        return items.ToImmutable();
    }
}
