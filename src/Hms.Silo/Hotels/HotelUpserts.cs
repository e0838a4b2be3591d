using Hms.Hotels;
using Npgsql;
using static Hms.Silo.ReadModel.Sql;

namespace Hms.Silo.Hotels;

/// <summary>The hotel rows' upserts; rows with a version only move forward.</summary>
public static class HotelUpserts
{
    public static NpgsqlBatchCommand Hotel(HotelRow row) => Command("""
        INSERT INTO hotels AS t (id, name, time_zone, created_at, version) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version WHERE t.version <= excluded.version
        """,
        Text(row.Hotel.Id), Text(row.Hotel.Name), Text(row.Hotel.TimeZone), Instant(row.Hotel.CreatedAt), Long(row.Hotel.Version));

    public static NpgsqlBatchCommand Reservation(ReservationRow row)
    {
        var (r, f) = (row.Reservation, row.Folio);
        return Command("""
            INSERT INTO hotel_reservations AS t (id, hotel_id, status, room_type_id, arrival, departure, nights_held, cutoff_at, no_show_due_at,
                release_due_at, folio_status, folio_total, folio_balance, invoice_number, data, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, room_type_id = excluded.room_type_id, arrival = excluded.arrival, departure = excluded.departure,
                nights_held = excluded.nights_held, cutoff_at = excluded.cutoff_at, no_show_due_at = excluded.no_show_due_at,
                release_due_at = excluded.release_due_at, folio_status = excluded.folio_status, folio_total = excluded.folio_total,
                folio_balance = excluded.folio_balance, invoice_number = excluded.invoice_number, data = excluded.data, version = excluded.version
            WHERE t.version <= excluded.version
            """,
            Uuid(r.Id), Text(r.HotelId), Text(r.Status.ToString()), Uuid(r.RoomTypeId), Date(r.Arrival), Date(r.Departure), Bool(r.NightsHeld),
            Instant(r.CutoffAt), Instant(Due(row.Pending, ReservationDeadlines.NoShow.Name)), Instant(Due(row.Pending, ReservationDeadlines.Release.Name)),
            Text(f.Status.ToString()), Decimal(f.Total), Decimal(f.Balance), Text(f.InvoiceNumber),
            Jsonb(HotelJson.Write(new ReservationSummary(r, f.Status, f.Total, f.Balance, f.InvoiceNumber))), Long(row.Version));
    }

    public static NpgsqlBatchCommand NoShow(NoShowRecordRow row) => Command("""
        INSERT INTO hotel_no_shows (id, hotel_id, reservation_id, detected_at, data) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (id) DO UPDATE SET data = excluded.data
        """,
        Uuid(row.Record.Id), Text(row.Record.HotelId), Uuid(row.Record.ReservationId), Instant(row.Record.DetectedAt), Jsonb(HotelJson.Write(row.Record)));

    public static NpgsqlBatchCommand Invoice(InvoiceRow row) => Command("""
        INSERT INTO hotel_invoices (id, hotel_id, number, folio_id, total, issued_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (id) DO NOTHING
        """,
        Uuid(row.Invoice.Id), Text(row.Invoice.HotelId), Text(row.Invoice.Number), Uuid(row.Invoice.FolioId), Decimal(row.Invoice.Total),
        Instant(row.Invoice.IssuedAt), Jsonb(HotelJson.Write(row.Invoice)));

    public static NpgsqlBatchCommand Availability(AvailabilityRow row) => Command("""
        INSERT INTO hotel_room_availability AS t (hotel_id, room_type_id, date, total_rooms, occupied_rooms, available_rooms, occupancy_rate, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (room_type_id, date) DO UPDATE SET
            total_rooms = excluded.total_rooms, occupied_rooms = excluded.occupied_rooms, available_rooms = excluded.available_rooms,
            occupancy_rate = excluded.occupancy_rate, updated_at = excluded.updated_at
        WHERE t.updated_at <= excluded.updated_at
        """,
        Text(row.HotelId), Uuid(row.Day.RoomTypeId), Date(row.Day.Date), Int(row.Day.TotalRooms), Int(row.Day.OccupiedRooms),
        Int(row.Day.AvailableRooms), Decimal(row.Day.OccupancyRate), Instant(row.UpdatedAt));

    public static NpgsqlBatchCommand Task(HousekeepingTaskRow row) => Command("""
        INSERT INTO hotel_housekeeping_tasks AS t (id, hotel_id, status, assignee_id, round_date, priority, data, version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, assignee_id = excluded.assignee_id, data = excluded.data, version = excluded.version
        WHERE t.version <= excluded.version
        """,
        Uuid(row.Task.Id), Text(row.Task.HotelId), Text(row.Task.Status.ToString()), Text(row.Task.AssigneeId), Date(row.Task.RoundDate),
        Text(row.Task.Priority.ToString()), Jsonb(HotelJson.Write(row.Task)), Long(row.Task.Version));

    public static NpgsqlBatchCommand Equipment(EquipmentRow row)
    {
        var e = row.Equipment;
        return Command("""
            INSERT INTO hotel_equipment AS t (id, hotel_id, next_due_on, is_active, open_work_order_id, due_at, data, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET next_due_on = excluded.next_due_on, is_active = excluded.is_active,
                open_work_order_id = excluded.open_work_order_id, due_at = excluded.due_at, data = excluded.data, version = excluded.version
            WHERE t.version <= excluded.version
            """,
            Uuid(e.Id), Text(e.HotelId), Date(e.NextDueOn), Bool(e.IsActive), Uuid(e.OpenWorkOrder?.Id), Instant(Due(row.Pending, EquipmentGrain.Due.Name)),
            Jsonb(HotelJson.Write(new EquipmentSummary(e.Id, e.Name, e.Location, e.RoomId, e.IntervalDays, e.LastMaintainedOn, e.NextDueOn, e.IsActive,
                e.OpenWorkOrder?.Id))),
            Long(row.Version));
    }

    public static NpgsqlBatchCommand WorkOrder(WorkOrderRow row) => Command("""
        INSERT INTO hotel_work_orders AS t (id, hotel_id, equipment_id, status, created_at, data, version) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data, version = excluded.version WHERE t.version <= excluded.version
        """,
        Uuid(row.WorkOrder.Id), Text(row.WorkOrder.HotelId), Uuid(row.WorkOrder.EquipmentId), Text(row.WorkOrder.Status.ToString()),
        Instant(row.WorkOrder.CreatedAt), Jsonb(HotelJson.Write(row.WorkOrder)), Long(row.Version));

    private static DateTimeOffset? Due(IReadOnlyDictionary<string, DateTimeOffset> pending, string kind) =>
        pending.TryGetValue(kind, out var dueAt) ? dueAt : null;
}
