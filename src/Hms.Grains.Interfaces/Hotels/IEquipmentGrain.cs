using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Orleans.Concurrency;

namespace Hms.Hotels;

/// <summary>
/// One piece of equipment with its own maintenance deadline: at last maintained + interval (00:00 in the
/// hotel's zone) it opens a NORMAL work order, once per due date; completing the order re-arms it. Keyed by
/// the equipment id.
/// </summary>
[Alias("Hms.IEquipmentGrain")]
public interface IEquipmentGrain : IGrainWithGuidKey
{
    [Alias("Register")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<EquipmentView> Register(RegisterEquipment command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<EquipmentView> Get(Caller caller);

    [Alias("Find"), AlwaysInterleave]
    Task<EquipmentView?> Find();

    [Alias("Change")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<EquipmentView> Change(ChangeEquipment command, Caller caller);

    /// <summary>OPEN → IN_PROGRESS → COMPLETED; completing sets last maintained to the hotel's date and re-arms the deadline.</summary>
    [Alias("UpdateWorkOrder")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<WorkOrder> UpdateWorkOrder(Guid workOrderId, WorkOrderStatus status, string? notes, Caller caller);

    /// <summary>For the maintenance-schedule job: opens the due work order its deadline has not; true when it did.</summary>
    [Alias("CheckDue")]
    Task<bool> CheckDue(string hotelId, RunSource source);
}

public enum WorkOrderStatus
{
    OPEN,
    IN_PROGRESS,
    COMPLETED,
}

public enum WorkOrderPriority
{
    LOW,
    NORMAL,
    HIGH,
}

[GenerateSerializer, Immutable, Alias("Hms.RegisterEquipment")]
public sealed record class RegisterEquipment(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Location,
    [property: Id(2)] Guid? RoomId,
    [property: Id(3)] int IntervalDays,
    [property: Id(4)] DateOnly LastMaintainedOn);

[GenerateSerializer, Immutable, Alias("Hms.ChangeEquipment")]
public sealed record class ChangeEquipment(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Location,
    [property: Id(2)] int? IntervalDays,
    [property: Id(3)] DateOnly? LastMaintainedOn,
    [property: Id(4)] bool? IsActive);

[GenerateSerializer, Immutable, Alias("Hms.EquipmentView")]
public sealed record class EquipmentView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Location,
    [property: Id(4)] Guid? RoomId,
    [property: Id(5)] int IntervalDays,
    [property: Id(6)] DateOnly LastMaintainedOn,
    [property: Id(7)] bool IsActive,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] ImmutableArray<WorkOrder> WorkOrders,
    // The last due date a work order was opened for.
    [property: Id(10)] DateOnly? LastDueOpened)
{
    public DateOnly NextDueOn => LastMaintainedOn.AddDays(IntervalDays);

    public WorkOrder? OpenWorkOrder => WorkOrders.FirstOrDefault(w => w.Status != WorkOrderStatus.COMPLETED);
}

[GenerateSerializer, Immutable, Alias("Hms.WorkOrder")]
public sealed record class WorkOrder(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] Guid EquipmentId,
    [property: Id(3)] string Title,
    [property: Id(4)] WorkOrderPriority Priority,
    [property: Id(5)] WorkOrderStatus Status,
    [property: Id(6)] DateOnly DueOn,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] RunSource Source,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? CompletedAt,
    [property: Id(11)] string? CompletedBy,
    [property: Id(12)] string? Notes);
