using System.Collections.Immutable;
using Hms.Common;
using Hms.Hotels;
using Hms.Jobs;

namespace Hms.Tests.Hotels;

/// <summary>The hotel jobs' times in the hotel's zone (DST days included), and the housekeeping round's rules as tables.</summary>
public sealed class HotelScheduleTests
{
    private static readonly TimeZoneInfo Berlin = ZonedTime.Zone("Europe/Berlin");

    private static HotelJobSchedule Default(JobName job) => HotelJobSchedules.Defaults.Single(s => s.Job == job);

    [Fact]
    public void TheDefaultsAreTheSeedsTimesInTheHotelsZone()
    {
        var at = new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero); // Monday 14:00 CEST
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 22, 0, 0, TimeSpan.Zero), HotelJobSchedules.Next(Default(HotelJobs.DailyHousekeeping), at, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 23, 0, 0, TimeSpan.Zero), HotelJobSchedules.Next(Default(HotelJobs.RecalcAvailability), at, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 0, 0, 0, TimeSpan.Zero), HotelJobSchedules.Next(Default(HotelJobs.GenerateInvoices), at, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero).AddHours(2), HotelJobSchedules.Next(Default(HotelJobs.CheckNoShows), at, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 5, 10, 22, 0, 0, TimeSpan.Zero), HotelJobSchedules.Next(Default(HotelJobs.MaintenanceSchedule), at, Berlin));
    }

    [Fact]
    public void ADailyRunFollowsTheLocalClockAcrossTheDstChange()
    {
        var schedule = Default(HotelJobs.RecalcAvailability); // 01:00 local
        var first = HotelJobSchedules.Next(schedule, new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero), Berlin);
        var second = HotelJobSchedules.Next(schedule, first, Berlin);
        var third = HotelJobSchedules.Next(schedule, second, Berlin);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero), first);  // 01:00 CET
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero), second); // 01:00 CET, an hour before the change
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.Zero), third); // 01:00 CEST: 23 hours later
    }

    [Fact]
    public void EveryTwoHoursMeansTwelveRunsADayAlignedToTheLocalTime()
    {
        var schedule = Default(HotelJobs.CheckNoShows) with { LocalTime = new TimeOnly(0, 30) };
        var at = new DateTimeOffset(2026, 5, 4, 22, 0, 0, TimeSpan.Zero); // 00:00 CEST on the 5th
        var runs = new List<DateTimeOffset>();
        for (var i = 0; i < 12; i++)
        {
            at = HotelJobSchedules.Next(schedule, at, Berlin);
            runs.Add(at);
        }
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 22, 30, 0, TimeSpan.Zero), runs[0]);
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(2), pair.Second - pair.First));
    }

    [Fact]
    public void RunsMissedWhileNoSiloRanBecomeTheLatestOne()
    {
        var schedule = Default(HotelJobs.DailyHousekeeping);
        var due = new DateTimeOffset(2026, 5, 3, 22, 0, 0, TimeSpan.Zero);
        var (latest, count) = HotelJobSchedules.LatestDue(schedule, due, due.AddDays(3).AddHours(1), Berlin);
        Assert.Equal(due.AddDays(3), latest);
        Assert.Equal(4, count);
        Assert.Equal((due, 1), HotelJobSchedules.LatestDue(schedule, due, due.AddHours(23), Berlin));
    }

    [Fact]
    public void FailedRunsRetryAfterOneFiveAndFifteenMinutes()
    {
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)], HotelJobSchedules.Backoff);
        Assert.Equal(4, HotelJobSchedules.MaxAttempts);
    }

    private static HotelStaffMember Keeper(string name) => new("u-" + name, name, [Roles.Housekeeper], null, null);

    private static HousekeepingTask Task(string room, string? assignee = null, TaskPriority priority = TaskPriority.NORMAL) =>
        new(Guid.NewGuid(), "hotel-1", Guid.NewGuid(), room, HousekeepingTaskKind.CHECKOUT_CLEAN, priority, HousekeepingTaskStatus.OPEN, assignee,
            new DateOnly(2026, 5, 4), DateTimeOffset.UnixEpoch, null, null, 1);

    [Theory]
    // Open tasks per housekeeper (Ana, Ben, Cai) → who gets the next task.
    [InlineData(0, 0, 0, "Ana")]
    [InlineData(1, 0, 0, "Ben")]
    [InlineData(1, 1, 0, "Cai")]
    [InlineData(2, 1, 1, "Ben")]
    [InlineData(3, 3, 2, "Cai")]
    [InlineData(0, 5, 5, "Ana")]
    public void ATaskGoesToTheHousekeeperWithTheFewestOpenTasksTiesByName(int ana, int ben, int cai, string expected)
    {
        var open = Enumerable.Repeat("u-Ana", ana).Concat(Enumerable.Repeat("u-Ben", ben)).Concat(Enumerable.Repeat("u-Cai", cai))
            .Select(a => Task("900", a)).ToList();
        var assigned = HousekeepingRules.Assign([Task("101")], [Keeper("Cai"), Keeper("Ben"), Keeper("Ana")], open);
        Assert.Equal("u-" + expected, assigned.Single().AssigneeId);
    }

    [Fact]
    public void ARoundSpreadsItsTasksEvenly()
    {
        var assigned = HousekeepingRules.Assign(Enumerable.Range(101, 7).Select(n => Task(n.ToString())), [Keeper("Ana"), Keeper("Ben"), Keeper("Cai")], []);
        Assert.Equal(["u-Ana", "u-Ben", "u-Cai", "u-Ana", "u-Ben", "u-Cai", "u-Ana"], assigned.Select(t => t.AssigneeId));
    }

    [Fact]
    public void WithoutHousekeepersTasksStayUnassigned() =>
        Assert.All(HousekeepingRules.Assign([Task("101"), Task("102")], [], []), t => Assert.Null(t.AssigneeId));

    [Fact]
    public void CheckoutCleansOfTypesWithArrivalsComeFirstAndStayOversLast()
    {
        var single = Guid.NewGuid();
        var twin = Guid.NewGuid();
        var rooms = ImmutableArray.Create(
            Room("101", single, RoomStatus.DIRTY), Room("102", single, RoomStatus.OCCUPIED), Room("201", twin, RoomStatus.DIRTY),
            Room("202", twin, RoomStatus.CLEAN), Room("203", twin, RoomStatus.INSPECTED), Room("204", twin, RoomStatus.OUT_OF_ORDER),
            Room("205", twin, RoomStatus.OCCUPIED));
        var hotel = new HotelView("hotel-1", "H", "Europe/Berlin", HotelSettings.Default, [], rooms, [], DateTimeOffset.UnixEpoch, 1);
        var tasks = HousekeepingRules.TasksFor(hotel, new Dictionary<Guid, int> { [twin] = 2 }, [], new DateOnly(2026, 5, 4), DateTimeOffset.UnixEpoch).ToList();

        Assert.Equal(4, tasks.Count); // the DIRTY and OCCUPIED rooms
        Assert.Equal(["201", "101", "102", "205"], tasks.Select(t => t.RoomNumber));
        Assert.Equal([TaskPriority.HIGH, TaskPriority.NORMAL, TaskPriority.LOW, TaskPriority.LOW], tasks.Select(t => t.Priority));
        Assert.Equal(HousekeepingTaskKind.STAYOVER, tasks[2].Kind);

        var again = HousekeepingRules.TasksFor(hotel, new Dictionary<Guid, int>(), tasks, new DateOnly(2026, 5, 5), DateTimeOffset.UnixEpoch);
        Assert.Empty(again); // every room already has its open task
    }

    private static Room Room(string number, Guid type, RoomStatus status) => new(Guid.NewGuid(), number, type, 1, status, DateTimeOffset.UnixEpoch);
}
