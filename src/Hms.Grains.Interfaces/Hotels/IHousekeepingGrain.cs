using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.Hotels;

/// <summary>
/// A hotel's housekeeping: the daily round (once per local date) and the tasks it hands out, each to the
/// active housekeeper with the fewest open tasks. Keyed by the hotel id.
/// </summary>
[Alias("Hms.IHousekeepingGrain")]
public interface IHousekeepingGrain : IGrainWithStringKey
{
    /// <summary>The round of the hotel's local date at <paramref name="at"/>; a second call that date returns the first round's result.</summary>
    [Alias("RunRound")]
    Task<HousekeepingRound> RunRound(DateTimeOffset at, RunSource source);

    /// <summary>OPEN → IN_PROGRESS → DONE by its housekeeper (or a manager); DONE on a checkout clean makes the room CLEAN.</summary>
    [Alias("UpdateTask")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.Housekeeper)]
    Task<HousekeepingTask> UpdateTask(Guid taskId, HousekeepingTaskStatus status, Caller caller);

    [Alias("Task")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk, Roles.Housekeeper)]
    Task<HousekeepingTask> Task(Guid taskId, Caller caller);
}

public enum HousekeepingTaskKind
{
    /// <summary>A DIRTY room: the guest left.</summary>
    CHECKOUT_CLEAN,
    /// <summary>An OCCUPIED room: the guest stays.</summary>
    STAYOVER,
}

/// <summary>HIGH: a checkout clean of a type with arrivals today; NORMAL: other checkout cleans; LOW: stay-overs.</summary>
public enum TaskPriority
{
    HIGH,
    NORMAL,
    LOW,
}

public enum HousekeepingTaskStatus
{
    OPEN,
    IN_PROGRESS,
    DONE,
}

[GenerateSerializer, Immutable, Alias("Hms.HousekeepingTask")]
public sealed record class HousekeepingTask(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] Guid RoomId,
    [property: Id(3)] string RoomNumber,
    [property: Id(4)] HousekeepingTaskKind Kind,
    [property: Id(5)] TaskPriority Priority,
    [property: Id(6)] HousekeepingTaskStatus Status,
    [property: Id(7)] string? AssigneeId,
    [property: Id(8)] DateOnly RoundDate,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? StartedAt,
    [property: Id(11)] DateTimeOffset? CompletedAt,
    [property: Id(12)] long Version);

/// <summary>A round's result as the job reports it; <see cref="Repeated"/> when the date's round had already run.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HousekeepingRound")]
public sealed record class HousekeepingRound(
    [property: Id(0)] string HotelId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] int TasksCreated,
    [property: Id(3)] int TasksAssigned,
    [property: Id(4)] ImmutableDictionary<TaskPriority, int> Priority,
    [property: Id(5)] DateTimeOffset RanAt,
    [property: Id(6)] bool Repeated);
