using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Hotels;

/// <summary>The hotel's lists, from the read model on any silo; availability from the room types' inventories.</summary>
[StatelessWorker]
public sealed class HotelQueryGrain(IHotelReader reader) : Grain, IHotelQueryGrain
{
    public Task<Page<ReservationSummary>> Reservations(ReservationFilter filter, Paging paging, Caller caller) =>
        reader.ReservationsAsync(caller.TenantId, filter, paging);

    public Task<Page<NoShowRecord>> NoShows(Paging paging, Caller caller) => reader.NoShowsAsync(caller.TenantId, paging);

    public Task<Page<Invoice>> Invoices(Paging paging, Caller caller) => reader.InvoicesAsync(caller.TenantId, paging);

    public Task<Page<HousekeepingTask>> Tasks(TaskFilter filter, Paging paging, Caller caller) =>
        reader.TasksAsync(caller.TenantId, caller.IsInAnyRole(HotelRoles.Desk) ? filter : filter with { AssigneeId = caller.UserId }, paging);

    public Task<Page<WorkOrder>> WorkOrders(WorkOrderStatus? status, Paging paging, Caller caller) => reader.WorkOrdersAsync(caller.TenantId, status, paging);

    public Task<Guid?> EquipmentOfWorkOrder(Guid workOrderId, Caller caller) => reader.EquipmentOfWorkOrderAsync(caller.TenantId, workOrderId);

    public Task<Page<EquipmentSummary>> Equipment(Paging paging, Caller caller) => reader.EquipmentAsync(caller.TenantId, paging);

    public async Task<ImmutableArray<AvailabilityDay>> Availability(DateOnly from, DateOnly to, Caller caller)
    {
        var hotel = await GrainFactory.GetGrain<IHotelGrain>(caller.TenantId).Get(caller);
        var days = await Task.WhenAll(hotel.RoomTypes.Select(t =>
            GrainFactory.GetGrain<IRoomInventoryGrain>(RoomInventoryKey.For(hotel.Id, t.Id)).Availability(from, to)));
        return [.. days.SelectMany(d => d).OrderBy(d => d.Date).ThenBy(d => hotel.RoomType(d.RoomTypeId)!.Code, StringComparer.Ordinal)];
    }

    public Task<ImmutableArray<string>> HotelIds(Caller caller) => reader.HotelIdsAsync();
}
