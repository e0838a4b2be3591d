using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Hotels;

/// <summary>Port: the hotels' read model — the lists, and what the hotel jobs' passes search for.</summary>
public interface IHotelReader
{
    Task<ImmutableArray<string>> HotelIdsAsync(CancellationToken cancellationToken = default);

    Task<Page<ReservationSummary>> ReservationsAsync(string hotelId, ReservationFilter filter, Paging paging, CancellationToken cancellationToken = default);

    Task<Page<NoShowRecord>> NoShowsAsync(string hotelId, Paging paging, CancellationToken cancellationToken = default);

    Task<Page<Invoice>> InvoicesAsync(string hotelId, Paging paging, CancellationToken cancellationToken = default);

    Task<Invoice?> InvoiceOfFolioAsync(string hotelId, Guid folioId, CancellationToken cancellationToken = default);

    Task<Page<HousekeepingTask>> TasksAsync(string hotelId, TaskFilter filter, Paging paging, CancellationToken cancellationToken = default);

    Task<Page<WorkOrder>> WorkOrdersAsync(string hotelId, WorkOrderStatus? status, Paging paging, CancellationToken cancellationToken = default);

    /// <summary>A work order's equipment, so its grain can be found.</summary>
    Task<Guid?> EquipmentOfWorkOrderAsync(string hotelId, Guid workOrderId, CancellationToken cancellationToken = default);

    Task<Page<EquipmentSummary>> EquipmentAsync(string hotelId, Paging paging, CancellationToken cancellationToken = default);

    /// <summary>Reservations with a no-show or hold-release deadline at or before <paramref name="now"/>.</summary>
    Task<ImmutableArray<Guid>> DueReservationsAsync(string hotelId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reservations whose folio completed without an invoice.</summary>
    Task<ImmutableArray<Guid>> UninvoicedAsync(string hotelId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Equipment items whose maintenance deadline is at or before <paramref name="now"/>.</summary>
    Task<ImmutableArray<Guid>> DueEquipmentAsync(string hotelId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reservations per room type arriving on <paramref name="date"/> still CONFIRMED (for housekeeping priorities).</summary>
    Task<ImmutableDictionary<Guid, int>> ArrivalsAsync(string hotelId, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>The stored availability rows of a room type, by night.</summary>
    Task<ImmutableDictionary<DateOnly, AvailabilityDay>> StoredAvailabilityAsync(string hotelId, Guid roomTypeId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default);
}
