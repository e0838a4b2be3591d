using Hms.Common;
using Hms.Hotels;
using Hms.Jobs;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Hotels;

/// <summary>
/// The hotel's jobs as deadlines in its zone: the housekeeping round (counts, balanced assignment, once per
/// local date), equipment work orders exactly at their due instant and re-armed after completion, executions
/// tracked RUNNING → COMPLETED with their result, and a failing run retried after 1, 5 and 15 minutes before
/// the admins are told.
/// </summary>
[Collection(HotelCollection.Name)]
public sealed class HotelJobTests(GrainClusterFixture cluster)
{
    private DateTimeOffset Now => cluster.Clock.GetUtcNow();

    private IHotelJobsGrain Jobs(TestHotel hotel) => cluster.Client.GetGrain<IHotelJobsGrain>(hotel.Id);

    [Fact]
    public async Task ANewHotelsJobsAreDeadlinesAtTheirLocalTimes()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client, "Asia/Tokyo");
        var reminders = await cluster.RemindersOf(Jobs(hotel));
        var today = hotel.Today(Now);
        var midnight = ZonedTime.ToInstant(today.AddDays(1), TimeOnly.MinValue, hotel.Zone);
        Assert.Equal(midnight, reminders["daily-housekeeping"]);
        Assert.Equal(HotelRules.NextLocal(Now, new TimeOnly(1, 0), hotel.Zone), reminders["recalc-availability"]);
        Assert.Equal(HotelRules.NextLocal(Now, new TimeOnly(2, 0), hotel.Zone), reminders["generate-invoices"]);
        Assert.Equal(5, reminders.Count);

        var moved = await Jobs(hotel).Configure(new ConfigureHotelJob(HotelJobs.DailyHousekeeping, null, new TimeOnly(6, 30), null, null), hotel.Admin);
        Assert.Equal(HotelRules.NextLocal(Now, new TimeOnly(6, 30), hotel.Zone), moved.NextRunAt);
        Assert.Equal(moved.NextRunAt, (await cluster.RemindersOf(Jobs(hotel)))["daily-housekeeping"]);
        var off = await Jobs(hotel).Configure(new ConfigureHotelJob(HotelJobs.GenerateInvoices, false, null, null, null), hotel.Admin);
        Assert.Null(off.NextRunAt);
        Assert.DoesNotContain("generate-invoices", (await cluster.RemindersOf(Jobs(hotel))).Keys);
        var weekly = await Assert.ThrowsAsync<DomainException>(() =>
            Jobs(hotel).Configure(new ConfigureHotelJob(HotelJobs.DailyHousekeeping, null, null, DayOfWeek.Friday, null), hotel.Admin));
        Assert.Equal("weekday_not_applicable", weekly.Code);
    }

    [Fact]
    public async Task TheHousekeepingRoundRunsAtLocalMidnightOncePerDateWithBalancedAssignment()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client, rooms: 8);
        var admin = cluster.Client.GetGrain<IHotelGrain>(hotel.Id);
        RoomStatus[] statuses = [RoomStatus.DIRTY, RoomStatus.DIRTY, RoomStatus.DIRTY, RoomStatus.OCCUPIED, RoomStatus.OCCUPIED, RoomStatus.CLEAN,
            RoomStatus.INSPECTED, RoomStatus.OUT_OF_ORDER];
        foreach (var (room, status) in hotel.Rooms.Zip(statuses))
        {
            await admin.SetRoomStatus(room.Id, status, hotel.Admin);
        }
        var midnight = ZonedTime.ToInstant(hotel.Today(Now).AddDays(1), TimeOnly.MinValue, hotel.Zone);
        Assert.Equal(midnight, (await cluster.RemindersOf(Jobs(hotel)))["daily-housekeeping"]);

        var round = await cluster.At(midnight, () => TasksAsync(hotel), t => t.Total == 5, "the midnight round's tasks");

        Assert.Equal(3, round.Items.Count(t => t.Kind == HousekeepingTaskKind.CHECKOUT_CLEAN));
        Assert.Equal(2, round.Items.Count(t => t.Kind == HousekeepingTaskKind.STAYOVER));
        Assert.Equal([("ana-" + hotel.Id, 3), ("ben-" + hotel.Id, 2)],
            round.Items.GroupBy(t => t.AssigneeId!).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key));
        Assert.All(round.Items, t => Assert.Equal(hotel.Today(Now), t.RoundDate));
        var run = await Eventually.Until(() => LastRunAsync(hotel, HotelJobs.DailyHousekeeping, JobStatus.Completed), e => e is not null, what: "the round recorded");
        Assert.Equal(midnight, run!.StartedAt);
        Assert.Equal(0, run.LatenessMs);
        Assert.Equal(5, JobJson.Int(run.Metadata, "tasksCreated"));
        Assert.Equal(5, JobJson.Int(run.Metadata, "tasksAssigned"));

        var again = await Jobs(hotel).Run(HotelJobs.DailyHousekeeping, hotel.Admin, RunSource.Manual);
        Assert.Equal(JobStatus.Completed, again.Status);
        Assert.Equal(0, JobJson.Int(again.Result, "tasksCreated"));
        Assert.True(JobJson.Bool(again.Result, "repeated"));
        Assert.Equal(5, (await TasksAsync(hotel)).Total);

        var task = round.Items.First(t => t.Kind == HousekeepingTaskKind.CHECKOUT_CLEAN);
        var keeper = new Caller(task.AssigneeId!, hotel.Id, [Roles.Housekeeper]);
        var stranger = new Caller(task.AssigneeId == "ana-" + hotel.Id ? "ben-" + hotel.Id : "ana-" + hotel.Id, hotel.Id, [Roles.Housekeeper]);
        var housekeeping = cluster.Client.GetGrain<IHousekeepingGrain>(hotel.Id);
        Assert.Equal("not_your_task", (await Assert.ThrowsAsync<DomainException>(() => housekeeping.UpdateTask(task.Id, HousekeepingTaskStatus.DONE, stranger))).Code);
        await housekeeping.UpdateTask(task.Id, HousekeepingTaskStatus.DONE, keeper);
        await Eventually.Until(async () => (await admin.Get(hotel.Admin)).Room(task.RoomId)!.Status, s => s == RoomStatus.CLEAN, what: "room cleaned");
    }

    [Fact]
    public async Task EquipmentOpensItsWorkOrderAtTheDueInstantAndReArmsWhenItIsDone()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client, "America/New_York");
        var today = hotel.Today(Now);
        var boiler = cluster.Client.GetGrain<IEquipmentGrain>(Guid.NewGuid());
        var registered = await boiler.Register(new RegisterEquipment("Boiler", "Basement", null, 30, today.AddDays(-28)), hotel.Admin);
        var due = ZonedTime.ToInstant(today.AddDays(2), TimeOnly.MinValue, hotel.Zone);
        Assert.Equal(today.AddDays(2), registered.NextDueOn);
        Assert.Equal(due, (await cluster.RemindersOf(boiler))["maintenance-due"]);

        var opened = await cluster.At(due, () => boiler.Get(hotel.Admin), e => e.OpenWorkOrder is not null, "work order opened");
        var order = opened.OpenWorkOrder!;
        Assert.Equal((WorkOrderPriority.NORMAL, WorkOrderStatus.OPEN, due, today.AddDays(2)), (order.Priority, order.Status, order.CreatedAt, order.DueOn));
        Assert.Empty(await cluster.RemindersOf(boiler)); // one work order per due date: nothing armed while it is open

        var report = await Jobs(hotel).Run(HotelJobs.MaintenanceSchedule, hotel.Admin, RunSource.Manual);
        Assert.Equal(0, JobJson.Int(report.Result, "workOrdersCreated"));
        Assert.Contains(registered.Id.ToString(), report.Result);

        cluster.Clock.Advance(TimeSpan.FromHours(10));
        await boiler.UpdateWorkOrder(order.Id, WorkOrderStatus.COMPLETED, "Descaled", hotel.Admin);
        var done = await boiler.Get(hotel.Admin);
        Assert.Equal(hotel.Today(Now), done.LastMaintainedOn);
        Assert.Equal(ZonedTime.ToInstant(hotel.Today(Now).AddDays(30), TimeOnly.MinValue, hotel.Zone), (await cluster.RemindersOf(boiler))["maintenance-due"]);
    }

    [Fact]
    public async Task AFailingRunRetriesAfterOneFiveAndFifteenMinutesThenTellsTheAdmins()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client);
        var other = await TestHotel.CreateAsync(cluster.Client);
        // A read-model row naming a completed folio of a reservation that does not exist: the invoice job fails on it.
        await InsertFolioWithoutReservationAsync(hotel);
        var due = HotelRules.NextLocal(Now, new TimeOnly(2, 0), hotel.Zone);

        await cluster.Clock.ReachAsync(due);
        var first = await Eventually.Until(() => LastRunAsync(hotel, HotelJobs.GenerateInvoices, JobStatus.Failed), e => e is not null, what: "attempt 1 failed");
        Assert.Contains("does not exist", first!.Error);
        var pending = await Eventually.Until(() => LastRunAsync(hotel, HotelJobs.GenerateInvoices, JobStatus.Pending), e => e is not null, what: "retry pending");
        Assert.Equal(due.AddMinutes(1), pending!.DueAt);
        Assert.Null(pending.StartedAt);
        var otherRun = await Eventually.Until(() => LastRunAsync(other, HotelJobs.GenerateInvoices, JobStatus.Completed), e => e is not null, what: "other hotel unaffected");
        Assert.Equal(due, otherRun!.StartedAt);

        foreach (var (attempt, at) in new[] { (2, due.AddMinutes(1)), (3, due.AddMinutes(6)), (4, due.AddMinutes(21)) })
        {
            await cluster.Clock.ReachAsync(at);
            var run = await Eventually.Until(() => RunsAsync(hotel, HotelJobs.GenerateInvoices, JobStatus.Failed), runs => runs.Total == attempt,
                what: $"attempt {attempt} failed");
            Assert.Equal(at, run.Items[0].StartedAt);
            Assert.Equal(attempt, JobJson.Int(run.Items[0].Metadata, "attempt"));
        }
        var notices = await Eventually.Until(() => TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND type = 'HOTEL_JOB_FAILED' AND recipient_id = $2", hotel.Id, hotel.Admin.UserId),
            n => n == 1, what: "the admin told");
        Assert.Equal(1, notices);
        var view = (await Jobs(hotel).Jobs(hotel.Admin)).Single(j => j.Schedule.Job == HotelJobs.GenerateInvoices);
        Assert.Null(view.RetryAt);
        Assert.Equal(HotelRules.NextLocal(due, new TimeOnly(2, 0), hotel.Zone), view.NextRunAt);
        Assert.Equal(0, (await RunsAsync(hotel, HotelJobs.GenerateInvoices, JobStatus.Pending)).Total);
    }

    [Fact]
    public async Task SwitchingAFailingJobOffDropsItsPendingRetry()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client);
        await InsertFolioWithoutReservationAsync(hotel);
        var due = HotelRules.NextLocal(Now, new TimeOnly(2, 0), hotel.Zone);
        await cluster.Clock.ReachAsync(due);
        var pending = await Eventually.Until(() => LastRunAsync(hotel, HotelJobs.GenerateInvoices, JobStatus.Pending), e => e is not null, what: "retry pending");
        Assert.Equal(due.AddMinutes(1), (await cluster.RemindersOf(Jobs(hotel)))["generate-invoices"]);

        var off = await Jobs(hotel).Configure(new ConfigureHotelJob(HotelJobs.GenerateInvoices, false, null, null, null), hotel.Admin);

        Assert.Equal((null, null), (off.RetryAt, off.NextRunAt));
        Assert.DoesNotContain("generate-invoices", (await cluster.RemindersOf(Jobs(hotel))).Keys);
        var dropped = await cluster.Client.GetGrain<IJobRunQueryGrain>(0).Get(pending!.Id, hotel.Admin);
        Assert.Equal(JobStatus.Failed, dropped.Status);
        Assert.Contains("switched off", dropped.Error);
    }

    private Task InsertFolioWithoutReservationAsync(TestHotel hotel) =>
        TestPostgres.ExecuteAsync(cluster.ConnectionString, """
            INSERT INTO hotel_reservations (id, hotel_id, status, room_type_id, arrival, departure, nights_held, cutoff_at, folio_status,
                folio_total, folio_balance, data, version)
            VALUES ($1, $2, 'CHECKED_OUT', $3, '2026-01-01', '2026-01-02', false, now(), 'COMPLETED', 0, 0, '{}', 1)
            """, Guid.NewGuid(), hotel.Id, hotel.Type.Id);

    private Task<Page<HousekeepingTask>> TasksAsync(TestHotel hotel) =>
        cluster.Client.GetGrain<IHotelQueryGrain>(0).Tasks(new TaskFilter(null, null, null), new Paging(100, 0), hotel.Admin);

    private Task<Page<JobExecution>> RunsAsync(TestHotel hotel, JobName job, JobStatus status) =>
        cluster.Client.GetGrain<IJobRunQueryGrain>(0).List(new JobExecutionFilter(job, status, null, null), new Paging(50, 0), hotel.Admin);

    private async Task<JobExecution?> LastRunAsync(TestHotel hotel, JobName job, JobStatus? status = null) =>
        (await cluster.Client.GetGrain<IJobRunQueryGrain>(0).List(new JobExecutionFilter(job, status, null, null), new Paging(1, 0), hotel.Admin))
            .Items.FirstOrDefault();
}
