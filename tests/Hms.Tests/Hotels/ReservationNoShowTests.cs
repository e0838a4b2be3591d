using Hms.Common;
using Hms.Hotels;
using Hms.Jobs;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hms.Tests.Hotels;

/// <summary>
/// A reservation's own no-show deadline, on the fake clock: NO_SHOW exactly at the hotel's cut-off in its
/// zone (a DST date included), the fee posted once, nights released at once or at the end of a guaranteed
/// hold, guest and front desk told; a check-in before the cut-off disarms it, new dates move it, and the
/// front desk can reinstate a no-show until the business day ends.
/// </summary>
[Collection(HotelCollection.Name)]
public sealed class ReservationNoShowTests(GrainClusterFixture cluster)
{
    private DateTimeOffset Now => cluster.Clock.GetUtcNow();

    private Task<ReservationView> NoShowAt(TestHotel hotel, ReservationView r, DateTimeOffset instant) =>
        cluster.At(instant, () => hotel.GetAsync(r.Id), x => x.Status == ReservationStatus.NO_SHOW, $"reservation {r.Id} NO_SHOW");

    [Fact]
    public async Task AReservationIsANoShowAtTheCutoffToTheSecondInTwoZonesOnADstDate()
    {
        var berlin = await TestHotel.CreateAsync(cluster.Client, "Europe/Berlin");
        var newYork = await TestHotel.CreateAsync(cluster.Client, "America/New_York");
        var dst = TestHotel.NextDstChange(berlin.Zone, berlin.Today(Now));
        var inBerlin = await berlin.BookAsync(dst);
        var inNewYork = await newYork.BookAsync(newYork.Today(Now).AddDays(1));

        Assert.Equal(ZonedTime.ToInstant(dst, new TimeOnly(23, 59), berlin.Zone), inBerlin.CutoffAt);
        Assert.Equal(ZonedTime.ToInstant(newYork.Today(Now).AddDays(1), new TimeOnly(23, 59), newYork.Zone), inNewYork.CutoffAt);
        Assert.Equal(inBerlin.CutoffAt, (await cluster.RemindersOf(berlin.Reservation(inBerlin.Id)))["no-show"]);
        Assert.Equal(inNewYork.CutoffAt, (await cluster.RemindersOf(newYork.Reservation(inNewYork.Id)))["no-show"]);

        foreach (var (hotel, r) in new[] { (berlin, inBerlin), (newYork, inNewYork) }.OrderBy(x => x.Item2.CutoffAt))
        {
            var noShow = await NoShowAt(hotel, r, r.CutoffAt);
            Assert.Equal(r.CutoffAt, noShow.NoShowAt); // handled with the clock reading exactly the cut-off
            Assert.False(noShow.NightsHeld);
        }
    }

    [Fact]
    public async Task AnImmediateNoShowPostsTheFeeReleasesTheNightsAndTellsGuestAndFrontDesk()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client, rooms: 1);
        var arrival = hotel.Today(Now).AddDays(1);
        var r = await hotel.BookAsync(arrival, nights: 2);
        Assert.Equal(1, await hotel.OccupiedAsync(arrival));
        var refused = await Assert.ThrowsAsync<DomainException>(() => hotel.BookAsync(arrival.AddDays(1)));
        Assert.Equal("no_availability", refused.Code);

        await NoShowAt(hotel, r, r.CutoffAt);

        var folio = await hotel.FolioAsync(r.Id);
        Assert.Equal(TestHotel.Rate, Assert.Single(folio.Charges, c => c.Kind == ChargeKind.NO_SHOW_FEE).Amount);
        Assert.Equal(0, await hotel.OccupiedAsync(arrival));
        Assert.Equal((1, 0), await hotel.StoredAsync(cluster.ConnectionString, arrival.AddDays(1)));
        var record = Assert.Single(await hotel.Reservation(r.Id).NoShows(hotel.Desk));
        Assert.Equal("FIRST_NIGHT: 1 × 120.00 EUR", record.Rule);
        Assert.Equal(r.CutoffAt, record.ReleasedAt);
        Assert.Equal(["GUEST " + r.Id, "USER desk-" + hotel.Id], await NoticesAsync(hotel.Id));
        await hotel.BookAsync(arrival.AddDays(1)); // the released night sells again
    }

    [Fact]
    public async Task AGuaranteedNoShowKeepsItsNightsUntilTheHoldEnds()
    {
        var settings = HotelSettings.Default with { GuaranteedHoldUntil = new TimeOnly(6, 0) };
        var hotel = await TestHotel.CreateAsync(cluster.Client, settings: settings, rooms: 1);
        var arrival = hotel.Today(Now).AddDays(1);
        var r = await hotel.BookAsync(arrival, guaranteed: true);

        var noShow = await NoShowAt(hotel, r, r.CutoffAt);
        var holdUntil = ZonedTime.ToInstant(arrival.AddDays(1), new TimeOnly(6, 0), hotel.Zone);
        Assert.Equal(holdUntil, noShow.HoldUntil);
        Assert.True(noShow.NightsHeld);
        Assert.Equal(1, await hotel.OccupiedAsync(arrival));
        Assert.Equal(holdUntil, (await cluster.RemindersOf(hotel.Reservation(r.Id)))["hold-release"]);

        var released = await cluster.At(holdUntil, () => hotel.GetAsync(r.Id), x => !x.NightsHeld, "nights released at the end of the hold");
        Assert.Equal(ReservationStatus.NO_SHOW, released.Status);
        Assert.Equal(0, await hotel.OccupiedAsync(arrival));
        Assert.Equal(holdUntil, Assert.Single(await hotel.Reservation(r.Id).NoShows(hotel.Desk)).ReleasedAt);
        Assert.DoesNotContain("hold-release", (await cluster.RemindersOf(hotel.Reservation(r.Id))).Keys);
    }

    [Fact]
    public async Task EachHotelsFeePolicyIsWhatTheFolioGets()
    {
        (HotelSettings Settings, bool Guaranteed, decimal Fee)[] cases =
        [
            (HotelSettings.Default with { FeePolicy = FeePolicy.PERCENT_OF_STAY, FeePercent = 50m }, true, 180m),
            (HotelSettings.Default with { FeePolicy = FeePolicy.FLAT, FlatFee = 35m }, true, 35m),
            (HotelSettings.Default with { FeePolicy = FeePolicy.NONE }, true, 0m),
            (HotelSettings.Default with { ChargeNonGuaranteed = false }, false, 0m),
            (HotelSettings.Default with { ChargeNonGuaranteed = false }, true, 120m),
        ];
        var booked = new List<(TestHotel Hotel, ReservationView Reservation, decimal Fee)>();
        foreach (var (settings, guaranteed, fee) in cases)
        {
            var hotel = await TestHotel.CreateAsync(cluster.Client, settings: settings);
            booked.Add((hotel, await hotel.BookAsync(hotel.Today(Now).AddDays(1), nights: 3, guaranteed: guaranteed), fee));
        }
        foreach (var (hotel, r, fee) in booked)
        {
            await NoShowAt(hotel, r, r.CutoffAt);
            var folio = await hotel.FolioAsync(r.Id);
            Assert.Equal(fee, folio.Total);
            Assert.Equal(fee == 0 ? 0 : 1, folio.Charges.Length);
            Assert.Equal(fee, Assert.Single(await hotel.Reservation(r.Id).NoShows(hotel.Desk)).Fee);
        }
    }

    [Fact]
    public async Task ACheckInBeforeTheCutoffDisarmsItAndNewDatesMoveIt()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client);
        var today = hotel.Today(Now);
        var arriving = await hotel.BookAsync(today);
        var moving = await hotel.BookAsync(today.AddDays(1));
        Assert.Contains("no-show", (await cluster.RemindersOf(hotel.Reservation(arriving.Id))).Keys);

        var checkedIn = await hotel.Reservation(arriving.Id).CheckIn(null, hotel.Desk);
        Assert.Equal(ReservationStatus.CHECKED_IN, checkedIn.Status);
        Assert.Empty(await cluster.RemindersOf(hotel.Reservation(arriving.Id)));
        Assert.Equal(RoomStatus.OCCUPIED, (await cluster.Client.GetGrain<IHotelGrain>(hotel.Id).Get(hotel.Admin)).Room(checkedIn.RoomId!.Value)!.Status);

        var moved = await hotel.Reservation(moving.Id).Change(new ChangeReservation(null, today.AddDays(3), today.AddDays(5), null, null), hotel.Desk);
        Assert.Equal(ZonedTime.ToInstant(today.AddDays(3), new TimeOnly(23, 59), hotel.Zone), moved.CutoffAt);
        Assert.Equal(moved.CutoffAt, (await cluster.RemindersOf(hotel.Reservation(moving.Id)))["no-show"]);
        Assert.Equal(0, await hotel.OccupiedAsync(today.AddDays(1)));
        Assert.Equal(1, await hotel.OccupiedAsync(today.AddDays(4)));
    }

    [Fact]
    public async Task ReinstatingANoShowHoldsTheNightsAgainAndReversesTheFee()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client, rooms: 1);
        var arrival = hotel.Today(Now).AddDays(1);
        var late = await hotel.BookAsync(arrival, nights: 2);
        var noShow = await NoShowAt(hotel, late, late.CutoffAt);
        Assert.Equal(ZonedTime.ToInstant(arrival.AddDays(1), new TimeOnly(12, 0), hotel.Zone), noShow.ReinstateUntil);

        var reinstated = await hotel.Reservation(late.Id).Reinstate(hotel.Desk);
        Assert.Equal(ReservationStatus.CONFIRMED, reinstated.Status);
        Assert.Equal(noShow.ReinstateUntil, reinstated.CutoffAt); // expected before the business day ends
        Assert.Equal(1, await hotel.OccupiedAsync(arrival.AddDays(1)));
        var folio = await hotel.FolioAsync(late.Id);
        Assert.Equal(0m, folio.Total);
        Assert.Equal([ChargeKind.NO_SHOW_FEE, ChargeKind.NO_SHOW_FEE_REVERSAL], folio.Charges.Select(c => c.Kind));
        Assert.NotNull(Assert.Single(await hotel.Reservation(late.Id).NoShows(hotel.Desk)).ReinstatedAt);
        await hotel.Reservation(late.Id).CheckIn(null, hotel.Desk);

        var other = await TestHotel.CreateAsync(cluster.Client);
        var missed = await other.BookAsync(other.Today(Now).AddDays(1));
        var gone = await NoShowAt(other, missed, missed.CutoffAt);
        cluster.Clock.SetUtcNow(gone.ReinstateUntil!.Value);
        var closed = await Assert.ThrowsAsync<DomainException>(() => other.Reservation(missed.Id).Reinstate(other.Desk));
        Assert.Equal("reinstate_window_closed", closed.Code);
        var until = TimeZoneInfo.ConvertTime(gone.ReinstateUntil!.Value, other.Zone);
        Assert.Contains($"({until:yyyy-MM-dd HH:mm zzz})", closed.Message); // the hotel's clock, with its offset
    }

    [Fact]
    public async Task DuplicateAndLateChecksChangeNothing()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client);
        var r = await hotel.BookAsync(hotel.Today(Now).AddDays(1));
        Assert.Equal(NoShowCheck.Nothing, await hotel.Reservation(r.Id).CheckNoShow(hotel.Id, RunSource.Manual)); // not yet due
        await NoShowAt(hotel, r, r.CutoffAt);

        cluster.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(NoShowCheck.Nothing, await hotel.Reservation(r.Id).CheckNoShow(hotel.Id, RunSource.Cron));
        var outcome = await cluster.Client.GetGrain<IHotelJobsGrain>(hotel.Id).Run(HotelJobs.CheckNoShows, hotel.Admin, RunSource.Manual);
        Assert.Equal(JobStatus.Completed, outcome.Status);
        Assert.Equal(0, JobJson.Int(outcome.Result, "noShowsDetected"));

        Assert.Single((await hotel.FolioAsync(r.Id)).Charges);
        Assert.Single(await hotel.Reservation(r.Id).NoShows(hotel.Desk));
        Assert.Equal(1, await RunsAsync(hotel.Id, HotelJobs.ReservationNoShow, r.Id));
    }

    [Fact]
    public async Task TheCheckNoShowsJobHandlesAReservationItsDeadlineMissed()
    {
        var hotel = await TestHotel.CreateAsync(cluster.Client);
        var r = await hotel.BookAsync(hotel.Today(Now).AddDays(1));
        // The scheduled pass is off here: otherwise its run every two hours would catch the reservation first.
        await cluster.Client.GetGrain<IHotelJobsGrain>(hotel.Id).Configure(new ConfigureHotelJob(HotelJobs.CheckNoShows, false, null, null, null), hotel.Admin);
        // A lost reminder row: time passes the cut-off (the silos' reminder refresh drops the lost reminder) and nothing happens.
        var table = cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var grainId = hotel.Reservation(r.Id).GetGrainId();
        var row = await table.ReadRow(grainId, ReservationDeadlines.NoShow.Name);
        Assert.True(await table.RemoveRow(grainId, ReservationDeadlines.NoShow.Name, row!.ETag!));
        cluster.Clock.SetUtcNow(r.CutoffAt.AddMinutes(-30));
        await cluster.Clock.FlowToAsync(r.CutoffAt.AddMinutes(3));
        Assert.Equal(ReservationStatus.CONFIRMED, (await hotel.GetAsync(r.Id)).Status);

        var outcome = await cluster.Client.GetGrain<IHotelJobsGrain>(hotel.Id).Run(HotelJobs.CheckNoShows, hotel.Admin, RunSource.Cron);
        Assert.Equal(JobStatus.Completed, outcome.Status);
        Assert.Equal(1, JobJson.Int(outcome.Result, "noShowsDetected"));
        Assert.Equal(1, JobJson.Int(outcome.Result, "penaltiesApplied"));
        Assert.Equal(1, JobJson.Int(outcome.Result, "roomsFreed"));
        var noShow = await hotel.GetAsync(r.Id);
        Assert.Equal(ReservationStatus.NO_SHOW, noShow.Status);
        Assert.Equal(RunSource.Cron, Assert.Single(await hotel.Reservation(r.Id).NoShows(hotel.Desk)).Source);
    }

    private async Task<IReadOnlyList<string>> NoticesAsync(string hotelId)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT recipient_type || ' ' || recipient_id FROM notifications WHERE tenant_id = $1 ORDER BY recipient_type, recipient_id", connection);
        command.Parameters.AddWithValue(hotelId);
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    private async Task<int> RunsAsync(string hotelId, JobName job, Guid subject)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM job_runs WHERE tenant_id = $1 AND job_name = $2 AND subject_id = $3", connection);
        command.Parameters.AddWithValue(hotelId);
        command.Parameters.AddWithValue(job.Name);
        command.Parameters.AddWithValue(subject.ToString());
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
