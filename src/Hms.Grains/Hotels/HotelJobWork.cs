using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.Hotels;

/// <summary>What one run of a hotel job did: how many items it handled, its result object, the items that failed.</summary>
public sealed record JobWork(int Items, object Result, IReadOnlyList<string> Errors);

/// <summary>
/// The five hotel jobs, each for one hotel. None is the engine: reservations, equipment and folios act
/// at their own instants; these jobs are the seed's round, report and backup, and each is idempotent —
/// running one twice changes nothing the second time.
/// </summary>
public sealed class HotelJobWorks(IGrainFactory grains, IHotelReader reader, string hotelId)
{
    private const int MaxPerRun = 10_000;

    public Task<JobWork> RunAsync(JobName job, DateTimeOffset now, RunSource source) => job.Name switch
    {
        "daily-housekeeping" => HousekeepingAsync(now, source),
        "maintenance-schedule" => MaintenanceAsync(now, source),
        "check-no-shows" => NoShowsAsync(now, source),
        "recalc-availability" => AvailabilityAsync(now),
        "generate-invoices" => InvoicesAsync(source),
        _ => throw Errors.NotFound("job_not_found", $"'{job}' is not a hotel job."),
    };

    /// <summary>The round of the hotel's date: once per local date, however often triggered.</summary>
    private async Task<JobWork> HousekeepingAsync(DateTimeOffset now, RunSource source)
    {
        var round = await grains.GetGrain<IHousekeepingGrain>(hotelId).RunRound(now, source);
        return new JobWork(round.Repeated ? 0 : round.TasksCreated, new
        {
            hotelId, date = round.Date, tasksCreated = round.Repeated ? 0 : round.TasksCreated, tasksAssigned = round.Repeated ? 0 : round.TasksAssigned,
            priority = round.Priority, repeated = round.Repeated, roundRanAt = round.RanAt,
        }, []);
    }

    /// <summary>Opens the work orders whose deadline has not (a backup), and reports every item's next due date.</summary>
    private async Task<JobWork> MaintenanceAsync(DateTimeOffset now, RunSource source)
    {
        var due = await reader.DueEquipmentAsync(hotelId, now, MaxPerRun);
        var (created, errors) = await GrainFanOut.SumAsync(due, async id => await grains.GetGrain<IEquipmentGrain>(id).CheckDue(hotelId, source) ? 1 : 0,
            id => id.ToString());
        var equipment = await reader.EquipmentAsync(hotelId, new Paging(Paging.MaxLimit, 0));
        return new JobWork(created, new
        {
            hotelId, workOrdersCreated = created,
            equipment = equipment.Items.Select(e => new { id = e.Id, name = e.Name, nextDueOn = e.NextDueOn, isActive = e.IsActive, openWorkOrderId = e.OpenWorkOrderId }),
        }, errors);
    }

    /// <summary>Handles any reservation past its cut-off (or hold) that its own deadline has not.</summary>
    private async Task<JobWork> NoShowsAsync(DateTimeOffset now, RunSource source)
    {
        var due = await reader.DueReservationsAsync(hotelId, now, MaxPerRun);
        var checks = new List<NoShowCheck>();
        var (_, errors) = await GrainFanOut.SumAsync(due, async id =>
        {
            var check = await grains.GetGrain<IReservationGrain>(id).CheckNoShow(hotelId, source);
            checks.Add(check);
            return 0;
        }, id => id.ToString());
        var noShows = checks.Count(c => c.BecameNoShow);
        return new JobWork(checks.Count(c => c.Handled), new
        {
            hotelId, scanned = due.Length, noShowsDetected = noShows, penaltiesApplied = checks.Count(c => c.Fee != 0),
            roomsFreed = checks.Count(c => c.NightsReleased),
        }, errors);
    }

    /// <summary>Recomputes every room type's next 90 nights from the holds whose reservations still hold them, correcting the rows that drifted.</summary>
    private async Task<JobWork> AvailabilityAsync(DateTimeOffset now)
    {
        var hotel = await grains.GetGrain<IHotelGrain>(hotelId).Find() ?? throw Errors.NotFound("hotel_not_found", "The hotel is not registered.");
        var today = ZonedTime.Today(now, HotelRules.Zone(hotel));
        var results = new List<AvailabilityRecalc>();
        var (_, errors) = await GrainFanOut.SumAsync(hotel.RoomTypes, async type =>
        {
            results.Add(await grains.GetGrain<IRoomInventoryGrain>(RoomInventoryKey.For(hotelId, type.Id)).Recalculate(today, RoomInventoryGrain.RowDays));
            return 0;
        }, type => type.Code);
        var corrected = results.Sum(r => r.RowsCorrected);
        return new JobWork(corrected, new
        {
            hotelId, roomsProcessed = hotel.Rooms.Length, roomTypes = hotel.RoomTypes.Length, from = today, days = RoomInventoryGrain.RowDays,
            rowsChecked = results.Sum(r => r.RowsChecked), availabilityUpdated = corrected, staleHoldsDropped = results.Sum(r => r.StaleHoldsDropped),
            occupancyRate = results.Count == 0 ? 0m : Math.Round(results.Average(r => r.AverageOccupancyRate), 2),
        }, errors);
    }

    /// <summary>Invoices every completed folio still without an invoice (one its check-out could not).</summary>
    private async Task<JobWork> InvoicesAsync(RunSource source)
    {
        var folios = await reader.UninvoicedAsync(hotelId, MaxPerRun);
        var invoices = new List<Invoice>();
        var (_, errors) = await GrainFanOut.SumAsync(folios, async id =>
        {
            if (await grains.GetGrain<IReservationGrain>(id).EnsureInvoiced(hotelId, source) is { } invoice)
            {
                invoices.Add(invoice);
            }
            return 0;
        }, id => id.ToString());
        return new JobWork(invoices.Count, new
        {
            hotelId, invoicesGenerated = invoices.Count, totalAmount = invoices.Sum(i => i.Total),
            numbers = invoices.Select(i => i.Number).Order(StringComparer.Ordinal).ToImmutableArray(),
        }, errors);
    }
}
