using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Hotels;

/// <summary>The hotel's lists, answered from the read model on any silo; the hotel is the caller's tenant.</summary>
[Alias("Hms.IHotelQueryGrain")]
public interface IHotelQueryGrain : IGrainWithIntegerKey
{
    [Alias("Reservations")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<Page<ReservationSummary>> Reservations(ReservationFilter filter, Paging paging, Caller caller);

    [Alias("NoShows")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<Page<NoShowRecord>> NoShows(Paging paging, Caller caller);

    [Alias("Invoices")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<Page<Invoice>> Invoices(Paging paging, Caller caller);

    /// <summary>Housekeeping tasks; a caller who is only a HOUSEKEEPER sees their own.</summary>
    [Alias("Tasks")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk, Roles.Housekeeper)]
    Task<Page<HousekeepingTask>> Tasks(TaskFilter filter, Paging paging, Caller caller);

    [Alias("WorkOrders")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<Page<WorkOrder>> WorkOrders(WorkOrderStatus? status, Paging paging, Caller caller);

    /// <summary>The equipment item a work order belongs to (its grain holds the order), or null.</summary>
    [Alias("EquipmentOfWorkOrder")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<Guid?> EquipmentOfWorkOrder(Guid workOrderId, Caller caller);

    [Alias("Equipment")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<Page<EquipmentSummary>> Equipment(Paging paging, Caller caller);

    /// <summary>Every night of every room type from <paramref name="from"/> to <paramref name="to"/> (inclusive), from the inventory.</summary>
    [Alias("Availability")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ImmutableArray<AvailabilityDay>> Availability(DateOnly from, DateOnly to, Caller caller);

    /// <summary>For the cron routes: every registered hotel.</summary>
    [Alias("HotelIds")]
    [Allows(Roles.System)]
    Task<ImmutableArray<string>> HotelIds(Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.ReservationFilter")]
public sealed record class ReservationFilter(
    [property: Id(0)] ReservationStatus? Status,
    [property: Id(1)] DateOnly? ArrivalFrom,
    [property: Id(2)] DateOnly? ArrivalTo);

[GenerateSerializer, Immutable, Alias("Hms.TaskFilter")]
public sealed record class TaskFilter(
    [property: Id(0)] HousekeepingTaskStatus? Status,
    [property: Id(1)] DateOnly? Date,
    [property: Id(2)] string? AssigneeId);

/// <summary>A reservation as lists show it, with its folio's figures.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReservationSummary")]
public sealed record class ReservationSummary(
    [property: Id(0)] ReservationView Reservation,
    [property: Id(1)] FolioStatus FolioStatus,
    [property: Id(2)] decimal FolioTotal,
    [property: Id(3)] decimal FolioBalance,
    [property: Id(4)] string? InvoiceNumber);

/// <summary>An equipment item as lists show it: when it is next due and the work order open on it.</summary>
[GenerateSerializer, Immutable, Alias("Hms.EquipmentSummary")]
public sealed record class EquipmentSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Location,
    [property: Id(3)] Guid? RoomId,
    [property: Id(4)] int IntervalDays,
    [property: Id(5)] DateOnly LastMaintainedOn,
    [property: Id(6)] DateOnly NextDueOn,
    [property: Id(7)] bool IsActive,
    [property: Id(8)] Guid? OpenWorkOrderId);
