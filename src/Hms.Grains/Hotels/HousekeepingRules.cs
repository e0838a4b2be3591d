using System.Collections.Immutable;

namespace Hms.Hotels;

/// <summary>The daily round's rules: which rooms get a task, how urgent it is, and who gets it.</summary>
public static class HousekeepingRules
{
    /// <summary>
    /// A checkout clean is HIGH when its room type has guests arriving that day (the room may be needed),
    /// NORMAL otherwise; a stay-over is LOW.
    /// </summary>
    public static TaskPriority Priority(HousekeepingTaskKind kind, bool arrivalsToday) =>
        kind == HousekeepingTaskKind.STAYOVER ? TaskPriority.LOW : arrivalsToday ? TaskPriority.HIGH : TaskPriority.NORMAL;

    /// <summary>A task for every DIRTY and OCCUPIED room without an open task of that kind, most urgent first, then by room number.</summary>
    public static IEnumerable<HousekeepingTask> TasksFor(HotelView hotel, IReadOnlyDictionary<Guid, int> arrivals, IReadOnlyList<HousekeepingTask> open,
        DateOnly date, DateTimeOffset now) =>
        hotel.Rooms
            .Select(room => (Room: room, Kind: room.Status switch
            {
                RoomStatus.DIRTY => HousekeepingTaskKind.CHECKOUT_CLEAN,
                RoomStatus.OCCUPIED => HousekeepingTaskKind.STAYOVER,
                _ => (HousekeepingTaskKind?)null,
            }))
            .Where(r => r.Kind is not null && !open.Any(t => t.RoomId == r.Room.Id && t.Kind == r.Kind))
            .Select(r => new HousekeepingTask(Guid.NewGuid(), hotel.Id, r.Room.Id, r.Room.Number, r.Kind!.Value,
                Priority(r.Kind!.Value, arrivals.GetValueOrDefault(r.Room.RoomTypeId) > 0), HousekeepingTaskStatus.OPEN, null, date, now, null, null, 1))
            .OrderBy(t => t.Priority).ThenBy(t => t.RoomNumber, StringComparer.OrdinalIgnoreCase);

    /// <summary>Each task, in order, to the housekeeper with the fewest open tasks at that moment; ties by name, then user id. None: unassigned.</summary>
    public static ImmutableArray<HousekeepingTask> Assign(IEnumerable<HousekeepingTask> tasks, IEnumerable<HotelStaffMember> housekeepers,
        IEnumerable<HousekeepingTask> open)
    {
        var load = housekeepers.ToDictionary(h => h, h => open.Count(t => t.AssigneeId == h.UserId));
        var assigned = ImmutableArray.CreateBuilder<HousekeepingTask>();
        foreach (var task in tasks)
        {
            if (load.Count == 0)
            {
                assigned.Add(task);
                continue;
            }
            var next = load.OrderBy(l => l.Value).ThenBy(l => l.Key.Name, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Key.UserId, StringComparer.Ordinal).First().Key;
            load[next]++;
            assigned.Add(task with { AssigneeId = next.UserId });
        }
        return assigned.ToImmutable();
    }
}
