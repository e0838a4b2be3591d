using System.Collections.Immutable;
using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

[GenerateSerializer, Alias("Hms.EquipmentState")]
public sealed record class EquipmentState : IOutboxState<EquipmentState>
{
    [Id(0)] public EquipmentView? Equipment { get; init; }

    /// <summary>The hotel's zone: due dates start at local midnight.</summary>
    [Id(1)] public string? TimeZone { get; init; }

    [Id(2)] public long Version { get; init; }
    [Id(3)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public EquipmentState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.EquipmentRow")]
public sealed record class EquipmentRow(
    [property: Id(0)] EquipmentView Equipment,
    [property: Id(1)] ImmutableDictionary<string, DateTimeOffset> Pending,
    [property: Id(2)] long Version) : ReadModelRecord, IShowsDeadlines
{
    public ReadModelRecord WithDeadlines(ImmutableDictionary<string, DateTimeOffset> pending) => this with { Pending = pending };
}

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.WorkOrderRow")]
public sealed record class WorkOrderRow([property: Id(0)] WorkOrder WorkOrder, [property: Id(1)] long Version) : ReadModelRecord;

/// <summary>
/// One equipment item (<see cref="IEquipmentGrain"/>) on the deadline pattern: while active and without
/// an open work order, it holds <c>maintenance-due</c> at 00:00 of its next due date in the hotel's zone,
/// unless a work order for that date was already opened.
/// </summary>
public sealed partial class EquipmentGrain(
    [PersistentState("equipment", StoreNames.Hms)] IPersistentState<EquipmentState> state,
    GrainServices services,
    ILogger<EquipmentGrain> logger) : DeadlineGrain<EquipmentState>(state, services, logger), IEquipmentGrain
{
    public static readonly JobFamily Family = new("HOTEL_MAINTENANCE", "preventive maintenance", [HotelJobs.MaintenanceDue, HotelJobs.MaintenanceSchedule]);

    public static readonly DeadlineKind Due = new("maintenance-due", HotelJobs.MaintenanceDue, Family);

    private const int WorkOrdersKept = 20;

    private DeadlineTable? _table;

    private Guid Id => this.GetPrimaryKey();

    protected override DeadlineTable Table => _table ??= new DeadlineTable().On(Due, OpenWorkOrderAsync);

    protected override string? TenantId => State.Equipment?.HotelId;

    protected override DeadlineSet DeadlinesOf(EquipmentState state) =>
        state.Equipment is { IsActive: true, OpenWorkOrder: null } e && e.LastDueOpened != e.NextDueOn
            ? DeadlineSet.Of((Due, ZonedTime.ToInstant(e.NextDueOn, TimeOnly.MinValue, ZonedTime.Zone(state.TimeZone!))))
            : DeadlineSet.None;

    public async Task<EquipmentView> Register(RegisterEquipment command, Caller caller)
    {
        if (State.Equipment is not null)
        {
            throw Errors.Conflict("equipment_exists", "This equipment item already exists.");
        }
        var hotel = await GrainFactory.GetGrain<IHotelGrain>(caller.TenantId).Find() ?? throw Errors.NotFound("hotel_not_found", "The caller's hotel is not registered.");
        if (command.RoomId is { } room && hotel.Room(room) is null)
        {
            throw Errors.BadRequest("unknown_room", "roomId names no room of this hotel.");
        }
        CheckLastMaintained(command.LastMaintainedOn, hotel.TimeZone);
        var equipment = new EquipmentView(Id, hotel.Id, command.Name, command.Location, command.RoomId, command.IntervalDays, command.LastMaintainedOn,
            IsActive: true, Now, [], LastDueOpened: null);
        await SaveEquipmentAsync(State with { TimeZone = hotel.TimeZone }, equipment, null, commit: true);
        return State.Equipment!;
    }

    public Task<EquipmentView> Get(Caller caller) => Task.FromResult(Visible(caller));

    public Task<EquipmentView?> Find() => Task.FromResult(State.Equipment);

    public async Task<EquipmentView> Change(ChangeEquipment command, Caller caller)
    {
        await HandleDueNowAsync();
        var current = Visible(caller);
        if (command.LastMaintainedOn is { } on)
        {
            CheckLastMaintained(on, State.TimeZone!);
        }
        var next = current with
        {
            Name = command.Name ?? current.Name,
            Location = command.Location ?? current.Location,
            IntervalDays = command.IntervalDays ?? current.IntervalDays,
            LastMaintainedOn = command.LastMaintainedOn ?? current.LastMaintainedOn,
            IsActive = command.IsActive ?? current.IsActive,
        };
        if (next == current)
        {
            return current;
        }
        await SaveEquipmentAsync(State, next, null, commit: true);
        return State.Equipment!;
    }

    public async Task<WorkOrder> UpdateWorkOrder(Guid workOrderId, WorkOrderStatus status, string? notes, Caller caller)
    {
        var current = Visible(caller);
        var order = current.WorkOrders.FirstOrDefault(w => w.Id == workOrderId) ?? throw Errors.NotFound("work_order_not_found", "No such work order.");
        if (status == order.Status && notes is null)
        {
            return order;
        }
        if (order.Status == WorkOrderStatus.COMPLETED || status == WorkOrderStatus.OPEN)
        {
            throw Errors.Conflict("invalid_transition", $"A work order moves OPEN → IN_PROGRESS → COMPLETED; this one is {order.Status}.");
        }
        var completed = status == WorkOrderStatus.COMPLETED;
        var next = order with
        {
            Status = status,
            StartedAt = order.StartedAt ?? Now,
            CompletedAt = completed ? Now : null,
            CompletedBy = completed ? caller.UserId : null,
            Notes = notes ?? order.Notes,
        };
        var equipment = current with
        {
            WorkOrders = current.WorkOrders.Replace(order, next),
            // Maintained today, in the hotel's zone: the next due date follows from it.
            LastMaintainedOn = completed ? ZonedTime.Today(Now, ZonedTime.Zone(State.TimeZone!)) : current.LastMaintainedOn,
        };
        await SaveEquipmentAsync(State, equipment, next, commit: true);
        return next;
    }

    public async Task<bool> CheckDue(string hotelId, RunSource source) =>
        State.Equipment?.HotelId == hotelId && await HandleDueAsync(source) > 0;

    /// <summary>The due deadline: a NORMAL work order for the due date, and its job run.</summary>
    private async Task OpenWorkOrderAsync(DateTimeOffset dueAt, RunSource source)
    {
        var current = State.Equipment!;
        var startedAt = Now;
        var order = new WorkOrder(Guid.NewGuid(), current.HotelId, Id, $"Preventive maintenance: {current.Name}", WorkOrderPriority.NORMAL,
            WorkOrderStatus.OPEN, current.NextDueOn, startedAt, source, null, null, null, null);
        var kept = current.WorkOrders.Add(order);
        var next = current with { WorkOrders = kept.Length > WorkOrdersKept ? kept.RemoveAt(0) : kept, LastDueOpened = current.NextDueOn };
        var run = JobRuns.Handled(new JobRunOf(Due.Job, current.HotelId, source, Id.ToString()), dueAt, startedAt, Now, 1,
            JobResult.Of(new { equipmentId = Id, workOrderId = order.Id, dueOn = current.NextDueOn }));
        await SaveEquipmentAsync(State, next, order, records: [run]);
        LogOpened(Id, current.HotelId, current.NextDueOn, (startedAt - dueAt).TotalMilliseconds, source.Name);
    }

    private async Task SaveEquipmentAsync(EquipmentState state, EquipmentView next, WorkOrder? order, bool commit = false,
        IReadOnlyList<ReadModelRecord>? records = null)
    {
        var saved = state with { Equipment = next, Version = state.Version + 1 };
        ReadModelRecord[] rows =
        [
            new EquipmentRow(next, ImmutableDictionary<string, DateTimeOffset>.Empty, saved.Version),
            .. order is null ? [] : new ReadModelRecord[] { new WorkOrderRow(order, saved.Version) },
            .. records ?? [],
        ];
        if (commit)
        {
            await CommitAsync(saved, rows, []);
        }
        else
        {
            await SaveAsync(saved, rows, []);
        }
    }

    private void CheckLastMaintained(DateOnly on, string timeZone)
    {
        if (on > ZonedTime.Today(Now, ZonedTime.Zone(timeZone)))
        {
            throw Errors.BadRequest("invalid_last_maintained", "lastMaintainedOn cannot be in the future.");
        }
    }

    private EquipmentView Visible(Caller caller) =>
        State.Equipment is { } e && e.HotelId == caller.TenantId ? e : throw Errors.NotFound("equipment_not_found", "No such equipment item.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Equipment {EquipmentId} of hotel {HotelId}: work order for {DueOn} opened {LatenessMs} ms after its due instant (source {Source})")]
    private partial void LogOpened(Guid equipmentId, string hotelId, DateOnly dueOn, double latenessMs, string source);
}
