using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Hotels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hotels;

/// <summary>The hotel's operations: housekeeping tasks, equipment with its work orders, availability per room type and night.</summary>
public static class OperationsEndpoints
{
    /// <summary>The longest span one availability request covers.</summary>
    public const int MaxAvailabilityDays = 366;

    public sealed record TaskQuery(HousekeepingTaskStatus? Status, DateOnly? Date, string? AssigneeId, int? Limit, int? Offset);

    /// <summary>A housekeeping task's next status: IN_PROGRESS or DONE.</summary>
    public sealed record TaskUpdateRequest(HousekeepingTaskStatus? Status);

    public sealed record EquipmentRequest(string? Name, [property: Range(1, 3650)] int? MaintenanceIntervalDays, DateOnly? LastMaintainedOn,
        string? Location = null, Guid? RoomId = null);

    /// <summary>A change to a piece of equipment: fields left out keep their value.</summary>
    public sealed record ChangeEquipmentRequest(string? Name = null, string? Location = null,
        [property: Range(1, 3650)] int? MaintenanceIntervalDays = null, DateOnly? LastMaintainedOn = null, bool? IsActive = null);

    public sealed record WorkOrderQuery(WorkOrderStatus? Status, int? Limit, int? Offset);

    /// <summary>A work order's next status (IN_PROGRESS or COMPLETED) and notes.</summary>
    public sealed record WorkOrderUpdateRequest(WorkOrderStatus? Status, string? Notes = null);

    public sealed record AvailabilityQuery(DateOnly? From, DateOnly? To);

    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/hotels/current").WithTags("Hotel operations");
        group.MapGet("/housekeeping/tasks", Tasks).WithName("ListHousekeepingTasks")
            .WithSummary("Housekeeping tasks by status, date and assignee (a HOUSEKEEPER sees their own)").RequireRoles(HotelRoles.Staff);
        group.MapPatch("/housekeeping/tasks/{taskId:guid}", UpdateTask).WithName("UpdateHousekeepingTask")
            .WithSummary("Move a task to IN_PROGRESS or DONE (a checkout clean done makes its room CLEAN)").RequireRoles(Roles.HotelAdmin, Roles.Manager, Roles.Housekeeper);
        group.MapGet("/equipment", Equipment).WithName("ListEquipment").WithSummary("Equipment, next due first").RequireRoles(HotelRoles.Admins);
        group.MapPost("/equipment", AddEquipment).WithName("AddEquipment")
            .WithSummary("Add equipment; it opens a NORMAL work order at last maintained + interval").RequireRoles(HotelRoles.Admins);
        group.MapGet("/equipment/{equipmentId:guid}", GetEquipment).WithName("GetEquipment").WithSummary("One item with its work orders")
            .RequireRoles(HotelRoles.Admins);
        group.MapPatch("/equipment/{equipmentId:guid}", ChangeEquipment).WithName("ChangeEquipment")
            .WithSummary("Change name, location, interval, last maintained or active (the due date moves with them)").RequireRoles(HotelRoles.Admins);
        group.MapGet("/work-orders", WorkOrders).WithName("ListWorkOrders").WithSummary("Work orders by status, latest first").RequireRoles(HotelRoles.Admins);
        group.MapPatch("/work-orders/{workOrderId:guid}", UpdateWorkOrder).WithName("UpdateWorkOrder")
            .WithSummary("Move a work order to IN_PROGRESS or COMPLETED (completing sets last maintained and re-arms the item)").RequireRoles(HotelRoles.Admins);
        group.MapGet("/availability", Availability).WithName("GetAvailability")
            .WithSummary("Per room type and night from..to: total, occupied, available rooms and occupancy rate").RequireRoles(HotelRoles.Desk);
    }

    public static async Task<Ok<PageResponse<TaskResponse>>> Tasks([AsParameters] TaskQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new TaskFilter(query.Status, query.Date,
            check.OptionalText("assigneeId", query.AssigneeId, 128));
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        return TypedResults.Ok(PageResponse.From(await cluster.GetGrain<IHotelQueryGrain>(0).Tasks(filter, paging, user.ToCaller()), TaskResponse.From));
    }

    public static async Task<Ok<TaskResponse>> UpdateTask(Guid taskId, TaskUpdateRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var status = check.Required("status", request.Status, "IN_PROGRESS or DONE");
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        return TypedResults.Ok(TaskResponse.From(await cluster.GetGrain<IHousekeepingGrain>(caller.TenantId).UpdateTask(taskId, status, caller)));
    }

    public static async Task<Ok<PageResponse<EquipmentResponse>>> Equipment([AsParameters] ReservationEndpoints.PageQuery query, ClaimsPrincipal user,
        IClusterClient cluster) =>
        TypedResults.Ok(PageResponse.From(await cluster.GetGrain<IHotelQueryGrain>(0).Equipment(ReservationEndpoints.Paging(query), user.ToCaller()),
            EquipmentResponse.From));

    public static async Task<Created<EquipmentResponse>> AddEquipment(EquipmentRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new RegisterEquipment(check.Text("name", request.Name, 200), check.OptionalText("location", request.Location, 200), request.RoomId,
            check.Number("maintenanceIntervalDays", request.MaintenanceIntervalDays, 1, 3650), check.Date("lastMaintainedOn", request.LastMaintainedOn));
        check.ThrowIfInvalid();
        var equipment = await cluster.GetGrain<IEquipmentGrain>(Guid.NewGuid()).Register(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/hotels/current/equipment/{equipment.Id}", EquipmentResponse.From(equipment));
    }

    public static async Task<Ok<EquipmentDetailResponse>> GetEquipment(Guid equipmentId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(EquipmentDetailResponse.From(await cluster.GetGrain<IEquipmentGrain>(equipmentId).Get(user.ToCaller())));

    public static async Task<Ok<EquipmentResponse>> ChangeEquipment(Guid equipmentId, ChangeEquipmentRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new ChangeEquipment(check.OptionalText("name", request.Name, 200), check.OptionalText("location", request.Location, 200),
            request.MaintenanceIntervalDays is null ? null : check.Number("maintenanceIntervalDays", request.MaintenanceIntervalDays, 1, 3650),
            request.LastMaintainedOn, request.IsActive);
        check.ThrowIfInvalid();
        return TypedResults.Ok(EquipmentResponse.From(await cluster.GetGrain<IEquipmentGrain>(equipmentId).Change(command, user.ToCaller())));
    }

    public static async Task<Ok<PageResponse<WorkOrderResponse>>> WorkOrders([AsParameters] WorkOrderQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var status = query.Status;
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        return TypedResults.Ok(PageResponse.From(await cluster.GetGrain<IHotelQueryGrain>(0).WorkOrders(status, paging, user.ToCaller()), WorkOrderResponse.From));
    }

    public static async Task<Ok<WorkOrderResponse>> UpdateWorkOrder(Guid workOrderId, WorkOrderUpdateRequest request, ClaimsPrincipal user,
        IClusterClient cluster)
    {
        var check = new RequestCheck();
        var status = check.Required("status", request.Status, "IN_PROGRESS or COMPLETED");
        var notes = check.OptionalText("notes", request.Notes, 2000);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var equipmentId = await cluster.GetGrain<IHotelQueryGrain>(0).EquipmentOfWorkOrder(workOrderId, caller)
            ?? throw Errors.NotFound("work_order_not_found", "No such work order.");
        return TypedResults.Ok(WorkOrderResponse.From(await cluster.GetGrain<IEquipmentGrain>(equipmentId).UpdateWorkOrder(workOrderId, status, notes, caller)));
    }

    public static async Task<Ok<IReadOnlyList<AvailabilityResponse>>> Availability([AsParameters] AvailabilityQuery query, ClaimsPrincipal user,
        IClusterClient cluster)
    {
        var check = new RequestCheck();
        var from = check.Date("from", query.From);
        var to = check.Date("to", query.To);
        if (to < from || to.DayNumber - from.DayNumber >= MaxAvailabilityDays)
        {
            check.Add("to", $"to must be on or after from, and at most {MaxAvailabilityDays} days in all.");
        }
        check.ThrowIfInvalid();
        var days = await cluster.GetGrain<IHotelQueryGrain>(0).Availability(from, to, user.ToCaller());
        return TypedResults.Ok<IReadOnlyList<AvailabilityResponse>>([.. days.Select(AvailabilityResponse.From)]);
    }
}

public sealed record EquipmentDetailResponse(Guid Id, string Name, string? Location, Guid? RoomId, int IntervalDays, string LastMaintainedOn,
    string NextDueOn, bool IsActive, DateTimeOffset CreatedAt, IReadOnlyList<WorkOrderResponse> WorkOrders)
{
    public static EquipmentDetailResponse From(EquipmentView e) => new(e.Id, e.Name, e.Location, e.RoomId, e.IntervalDays, Formats.Date(e.LastMaintainedOn),
        Formats.Date(e.NextDueOn), e.IsActive, e.CreatedAt, [.. e.WorkOrders.Select(WorkOrderResponse.From)]);
}
