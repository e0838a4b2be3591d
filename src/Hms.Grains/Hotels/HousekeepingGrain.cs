using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

[GenerateSerializer, Alias("Hms.HousekeepingState")]
public sealed record class HousekeepingState : IOutboxState<HousekeepingState>
{
    /// <summary>The rounds of recent local dates: a date's round runs once.</summary>
    [Id(0)] public ImmutableDictionary<DateOnly, HousekeepingRound> Rounds { get; init; } = ImmutableDictionary<DateOnly, HousekeepingRound>.Empty;

    /// <summary>Open tasks, and done ones for a week (older ones live in the read model only).</summary>
    [Id(1)] public ImmutableDictionary<Guid, HousekeepingTask> Tasks { get; init; } = ImmutableDictionary<Guid, HousekeepingTask>.Empty;

    [Id(2)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public HousekeepingState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.HousekeepingTaskRow")]
public sealed record class HousekeepingTaskRow([property: Id(0)] HousekeepingTask Task) : ReadModelRecord;

/// <summary>
/// A hotel's housekeeping (<see cref="IHousekeepingGrain"/>). The round of a local date makes a task for
/// every DIRTY room (checkout clean) and OCCUPIED room (stay-over) that has none open, most urgent first
/// (<see cref="HousekeepingRules.Priority"/>), each given to the active housekeeper with the fewest open
/// tasks, ties by name.
/// </summary>
public sealed class HousekeepingGrain(
    [PersistentState("housekeeping", StoreNames.Hms)] IPersistentState<HousekeepingState> state,
    IHotelReader reader,
    GrainServices services,
    ILogger<HousekeepingGrain> logger) : OutboxGrain<HousekeepingState>(state, services, logger), IHousekeepingGrain
{
    private static readonly TimeSpan DoneKept = TimeSpan.FromDays(7);
    private const int RoundsKept = 31;

    private string HotelId => this.GetPrimaryKeyString();

    public async Task<HousekeepingRound> RunRound(DateTimeOffset at, RunSource source)
    {
        var hotel = await GrainFactory.GetGrain<IHotelGrain>(HotelId).Find() ?? throw Errors.NotFound("hotel_not_found", "The hotel is not registered.");
        var date = ZonedTime.Today(at, HotelRules.Zone(hotel));
        if (State.Rounds.TryGetValue(date, out var done))
        {
            return done with { Repeated = true };
        }
        var arrivals = await reader.ArrivalsAsync(HotelId, date);
        var open = State.Tasks.Values.Where(t => t.Status != HousekeepingTaskStatus.DONE).ToList();
        var tasks = HousekeepingRules.TasksFor(hotel, arrivals, open, date, Now).ToList();
        var assigned = HousekeepingRules.Assign(tasks, hotel.ActiveIn(Roles.Housekeeper), open);
        var round = new HousekeepingRound(HotelId, date, assigned.Length, assigned.Count(t => t.AssigneeId is not null),
            assigned.GroupBy(t => t.Priority).ToImmutableDictionary(g => g.Key, g => g.Count()), Now, Repeated: false);
        var rounds = State.Rounds.SetItem(date, round);
        rounds = rounds.RemoveRange(rounds.Keys.Where(d => d < date.AddDays(-RoundsKept)));
        await SaveTasksAsync(State with { Rounds = rounds }, assigned);
        return round;
    }

    public async Task<HousekeepingTask> UpdateTask(Guid taskId, HousekeepingTaskStatus status, Caller caller)
    {
        var task = Visible(taskId, caller);
        if (!caller.IsInAnyRole(HotelRoles.Admins) && task.AssigneeId != caller.UserId)
        {
            throw Errors.Forbidden("not_your_task", "A housekeeper updates the tasks assigned to them.");
        }
        if (status == task.Status)
        {
            return task;
        }
        if (task.Status == HousekeepingTaskStatus.DONE || status == HousekeepingTaskStatus.OPEN)
        {
            throw Errors.Conflict("invalid_transition", $"A task moves OPEN → IN_PROGRESS → DONE; this one is {task.Status}.");
        }
        var next = task with
        {
            Status = status,
            StartedAt = task.StartedAt ?? Now,
            CompletedAt = status == HousekeepingTaskStatus.DONE ? Now : null,
            Version = task.Version + 1,
        };
        IReadOnlyList<Effect> effects = next is { Status: HousekeepingTaskStatus.DONE, Kind: HousekeepingTaskKind.CHECKOUT_CLEAN }
            ? [new ChangeRoomStatus(HotelId, task.RoomId, RoomStatus.CLEAN, OnlyFrom: RoomStatus.DIRTY)]
            : [];
        await SaveTasksAsync(State, [next], effects);
        return next;
    }

    public Task<HousekeepingTask> Task(Guid taskId, Caller caller) => System.Threading.Tasks.Task.FromResult(Visible(taskId, caller));

    private Task SaveTasksAsync(HousekeepingState next, IReadOnlyList<HousekeepingTask> changed, IReadOnlyList<Effect>? effects = null)
    {
        var tasks = next.Tasks.SetItems(changed.Select(t => KeyValuePair.Create(t.Id, t)));
        tasks = tasks.RemoveRange(tasks.Values.Where(t => t.CompletedAt < Now - DoneKept).Select(t => t.Id));
        return SaveAsync(next with { Tasks = tasks }, [.. changed.Select(t => new HousekeepingTaskRow(t))], effects ?? []);
    }

    private HousekeepingTask Visible(Guid taskId, Caller caller) =>
        caller.TenantId == HotelId && State.Tasks.TryGetValue(taskId, out var task) ? task
            : throw Errors.NotFound("task_not_found", "No such open or recent housekeeping task.");
}
