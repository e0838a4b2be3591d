using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

/// <summary>
/// A reservation's no-show: at the cut-off a reservation still CONFIRMED becomes NO_SHOW with a record,
/// the hotel's fee on its folio, its nights released (or held until a guaranteed hold ends), and the guest
/// and the front desk told. The check-no-shows job handles one its deadline missed; the front desk may
/// reinstate it until the business day ends.
/// </summary>
public sealed partial class ReservationGrain
{
    public async Task<NoShowCheck> CheckNoShow(string hotelId, RunSource source)
    {
        if (State.Reservation?.HotelId != hotelId)
        {
            return NoShowCheck.Nothing;
        }
        var before = State.Reservation;
        var noShows = State.NoShows.Count;
        if (await HandleDueAsync(source) == 0)
        {
            return NoShowCheck.Nothing;
        }
        var after = State.Reservation!;
        var fresh = State.NoShows.Count > noShows;
        return new NoShowCheck(true, fresh, fresh ? State.NoShows[^1].Fee : 0m, before.NightsHeld && !after.NightsHeld);
    }

    public async Task<ReservationView> Reinstate(Caller caller)
    {
        await HandleDueNowAsync();
        var current = Visible(caller);
        if (current.Status != ReservationStatus.NO_SHOW)
        {
            throw Errors.Conflict("not_no_show", $"Only a NO_SHOW reservation is reinstated; this one is {current.Status}.");
        }
        if (Now >= current.ReinstateUntil)
        {
            var zone = HotelRules.Zone(await HotelAsync(current.HotelId));
            throw Errors.Conflict("reinstate_window_closed",
                $"A no-show is reinstated before the hotel's business day ends ({ZonedTime.Describe(current.ReinstateUntil.Value, zone)}).");
        }
        if (!current.NightsHeld)
        {
            await Inventory(current).Hold(Id, current.Arrival, current.Departure, current.RoomId); // 409 when the nights were sold meanwhile
        }
        var record = State.NoShows[^1];
        var folio = State.Folio!;
        if (record.Fee != 0 && folio.Status == FolioStatus.OPEN)
        {
            folio = folio with
            {
                Charges = folio.Charges.Add(new FolioCharge(Guid.NewGuid(), ChargeKind.NO_SHOW_FEE_REVERSAL, $"Reversal of the no-show fee ({record.Rule})",
                    -record.Fee, Now, caller.UserId)),
            };
        }
        var reinstated = record with { ReinstatedAt = Now, ReinstatedBy = caller.UserId };
        // The guest is expected before the business day ends; a reservation still not checked in then is a no-show again.
        var next = current with
        {
            Status = ReservationStatus.CONFIRMED, CutoffAt = current.ReinstateUntil!.Value, NightsHeld = true, HoldUntil = null,
            NoShowAt = null, UpdatedAt = Now,
        };
        await SaveNoShowAsync(next, folio, reinstated, [], []);
        return next;
    }

    /// <summary>The cut-off deadline: NO_SHOW with its record, fee, release or hold, notices and job run.</summary>
    private async Task MarkNoShowAsync(DateTimeOffset dueAt, RunSource source)
    {
        var current = State.Reservation!;
        var startedAt = Now;
        var hotel = await HotelAsync(current.HotelId);
        var zone = HotelRules.Zone(hotel);
        var (fee, rule) = HotelRules.NoShowFee(current, hotel.Settings);
        var holdUntil = HotelRules.HoldUntil(current.CutoffAt, current.Guaranteed, hotel.Settings, zone) is { } until && until > startedAt ? until : (DateTimeOffset?)null;
        var record = new NoShowRecord(Guid.NewGuid(), current.HotelId, Id, current.Guest.Name, fee, current.Currency, rule, current.CutoffAt, startedAt,
            source, holdUntil, holdUntil is null ? startedAt : null, null, null);
        var next = current with
        {
            Status = ReservationStatus.NO_SHOW, NoShowAt = startedAt, HoldUntil = holdUntil, NightsHeld = holdUntil is not null,
            ReinstateUntil = HotelRules.ReinstateUntil(current.CutoffAt, hotel.Settings, zone), UpdatedAt = startedAt,
        };
        var folio = State.Folio!;
        if (fee != 0)
        {
            folio = folio with { Charges = folio.Charges.Add(new FolioCharge(Guid.NewGuid(), ChargeKind.NO_SHOW_FEE, $"No-show fee ({rule})", fee, startedAt, Caller.System(current.HotelId).UserId)) };
        }
        List<ReadModelRecord> records = [.. ReservationNotices.OfNoShow(next, record, hotel)];
        records.Add(JobRuns.Handled(new JobRunOf(ReservationDeadlines.NoShow.Job, current.HotelId, source, Id.ToString()), dueAt, startedAt, Now, 1,
            JobResult.Of(new { reservationId = Id, guest = current.Guest.Name, fee, currency = current.Currency, rule, heldUntil = holdUntil, released = holdUntil is null })));
        await SaveNoShowAsync(next, folio, record, records, holdUntil is null ? [new ReleaseNights(InventoryKey(current))] : []);
        LogNoShow(Id, current.HotelId, (startedAt - dueAt).TotalMilliseconds, fee, source.Name);
    }

    /// <summary>The end of a guaranteed no-show's hold: its nights go back on sale.</summary>
    private async Task ReleaseHoldAsync(DateTimeOffset dueAt, RunSource source)
    {
        var current = State.Reservation!;
        var startedAt = Now;
        var next = current with { NightsHeld = false, UpdatedAt = startedAt };
        var record = State.NoShows[^1] with { ReleasedAt = startedAt };
        var run = JobRuns.Handled(new JobRunOf(ReservationDeadlines.Release.Job, current.HotelId, source, Id.ToString()), dueAt, startedAt, Now, 1,
            JobResult.Of(new { reservationId = Id, released = true }));
        await SaveNoShowAsync(next, State.Folio!, record, [run], [new ReleaseNights(InventoryKey(current))]);
    }

    /// <summary>Saves a no-show change with its record (added, or the latest one updated).</summary>
    private Task SaveNoShowAsync(ReservationView next, FolioView folio, NoShowRecord record, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects)
    {
        var noShows = State.NoShows.Count > 0 && State.NoShows[^1].Id == record.Id ? State.NoShows.SetItem(State.NoShows.Count - 1, record) : State.NoShows.Add(record);
        var state = State with { Reservation = next, Folio = folio, NoShows = noShows, Version = State.Version + 1 };
        ReadModelRecord[] rows = [new ReservationRow(next, folio, ImmutableDictionary<string, DateTimeOffset>.Empty, state.Version), new NoShowRecordRow(record), .. records];
        return SaveAsync(state, rows, effects);
    }

    public Task<ImmutableArray<NoShowRecord>> NoShows(Caller caller)
    {
        Visible(caller);
        return Task.FromResult(State.NoShows.ToImmutableArray());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId} of hotel {HotelId} is a no-show, handled {LatenessMs} ms after its cut-off (fee {Fee}, source {Source})")]
    private partial void LogNoShow(Guid reservationId, string hotelId, double latenessMs, decimal fee, string source);
}
