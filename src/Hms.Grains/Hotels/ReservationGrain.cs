using System.Collections.Immutable;
using Hms.Common;
using Hms.Deadlines;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

/// <summary>
/// One reservation and its folio, on the deadline pattern: while CONFIRMED it holds its no-show cut-off
/// (the hotel's cut-off time on the arrival date, in the hotel's zone), and a guaranteed no-show holds
/// the end of its hold (<see cref="ReservationDeadlines"/>). Nights are held in the room type's inventory
/// before a booking is saved, so a booking the inventory refuses never exists. Every command first
/// handles what is already due, so the state it acts on is the rules' state now.
/// </summary>
public sealed partial class ReservationGrain(
    [PersistentState("reservation", StoreNames.Hms)] IPersistentState<ReservationState> state,
    GrainServices services,
    ILogger<ReservationGrain> logger)
    : DeadlineGrain<ReservationState>(state, services, logger), IReservationGrain
{
    private DeadlineTable? _table;

    private Guid Id => this.GetPrimaryKey();

    protected override DeadlineTable Table => _table ??= new DeadlineTable()
        .On(ReservationDeadlines.NoShow, MarkNoShowAsync)
        .On(ReservationDeadlines.Release, ReleaseHoldAsync);

    protected override string? TenantId => State.Reservation?.HotelId;

    protected override DeadlineSet DeadlinesOf(ReservationState state) => ReservationDeadlines.Of(state.Reservation);

    public async Task<ReservationView> Book(BookReservation command, Caller caller)
    {
        if (State.Reservation is not null)
        {
            throw Errors.Conflict("reservation_exists", "This reservation already exists.");
        }
        var hotel = await HotelAsync(caller.TenantId);
        var type = hotel.RoomType(command.RoomTypeId) is { IsActive: true } t ? t
            : throw Errors.BadRequest("unknown_room_type", "roomTypeId names no bookable room type of this hotel.");
        CheckRoom(hotel, command.RoomId, type.Id);
        var zone = HotelRules.Zone(hotel);
        var cutoff = CheckStay(command.Arrival, command.Departure, hotel.Settings, zone);
        var reservation = new ReservationView(Id, hotel.Id, command.Guest, type.Id, command.RoomId, command.Arrival, command.Departure,
            command.NightlyRate ?? type.NightlyRate, type.Currency, command.Guaranteed, ReservationStatus.CONFIRMED, cutoff, HoldUntil: null,
            NightsHeld: true, ReinstateUntil: null, Now, caller.UserId, Now, null, null, null, null, null);
        var folio = new FolioView(Id, hotel.Id, Id, FolioStatus.OPEN, type.Currency, [], [], null, null, null);
        var inventory = Inventory(reservation);
        await inventory.Hold(Id, reservation.Arrival, reservation.Departure, reservation.RoomId);
        try
        {
            await SaveChangeAsync(reservation, folio, [], [], commit: true);
        }
        catch
        {
            await inventory.Release(Id); // the booking was never saved: its nights are nobody's
            throw;
        }
        return State.Reservation!;
    }

    public Task<ReservationView> Get(Caller caller) => Task.FromResult(Visible(caller));

    public Task<ReservationView?> Find() => Task.FromResult(State.Reservation);

    public async Task<ReservationView> Change(ChangeReservation command, Caller caller)
    {
        await HandleDueNowAsync();
        var current = Visible(caller);
        var next = current with { Guest = command.Guest ?? current.Guest, Guaranteed = command.Guaranteed ?? current.Guaranteed };
        var newStay = (command.Arrival ?? current.Arrival) != current.Arrival || (command.Departure ?? current.Departure) != current.Departure;
        var newRoom = command.RoomId is { } room && room != current.RoomId;
        if (current.Status is not (ReservationStatus.CONFIRMED or ReservationStatus.CHECKED_IN) ||
            ((newStay || newRoom || next.Guaranteed != current.Guaranteed) && current.Status != ReservationStatus.CONFIRMED))
        {
            throw Errors.Conflict("not_changeable", $"A {current.Status} reservation does not change that way.");
        }
        if (newStay || newRoom)
        {
            var hotel = await HotelAsync(current.HotelId);
            CheckRoom(hotel, command.RoomId, current.RoomTypeId);
            var arrival = command.Arrival ?? current.Arrival;
            var departure = command.Departure ?? current.Departure;
            var cutoff = newStay ? CheckStay(arrival, departure, hotel.Settings, HotelRules.Zone(hotel)) : current.CutoffAt;
            next = next with { Arrival = arrival, Departure = departure, RoomId = command.RoomId ?? current.RoomId, CutoffAt = cutoff };
            await Inventory(next).Hold(Id, next.Arrival, next.Departure, next.RoomId);
        }
        if (next == current)
        {
            return current;
        }
        try
        {
            await SaveChangeAsync(next with { UpdatedAt = Now }, State.Folio!, [], [], commit: true);
        }
        catch when (newStay || newRoom)
        {
            await Inventory(current).Hold(Id, current.Arrival, current.Departure, current.RoomId); // the change was never saved: back to its nights
            throw;
        }
        return State.Reservation!;
    }

    public async Task<ReservationView> CheckIn(Guid? roomId, Caller caller)
    {
        await HandleDueNowAsync();
        var current = Visible(caller);
        if (current.Status != ReservationStatus.CONFIRMED)
        {
            throw Errors.Conflict("not_confirmed", $"Only a CONFIRMED reservation checks in; this one is {current.Status}.");
        }
        var hotel = await HotelAsync(current.HotelId);
        if (ZonedTime.Today(Now, HotelRules.Zone(hotel)) < current.Arrival)
        {
            throw Errors.Conflict("too_early", $"The stay starts on {current.Arrival:yyyy-MM-dd}; check-in opens that day.");
        }
        var inventory = Inventory(current);
        Guid room;
        if ((roomId ?? current.RoomId) is { } wanted)
        {
            CheckRoom(hotel, wanted, current.RoomTypeId);
            if (hotel.Room(wanted)!.Status is RoomStatus.OCCUPIED or RoomStatus.OUT_OF_ORDER)
            {
                throw Errors.Conflict("room_unavailable", $"Room {hotel.Room(wanted)!.Number} is {hotel.Room(wanted)!.Status}.");
            }
            await inventory.Hold(Id, current.Arrival, current.Departure, wanted);
            room = wanted;
        }
        else
        {
            var ready = hotel.Rooms.Where(r => r.RoomTypeId == current.RoomTypeId && r.Status is RoomStatus.INSPECTED or RoomStatus.CLEAN)
                .OrderBy(r => r.Status == RoomStatus.INSPECTED ? 0 : 1).Select(r => r.Id).ToImmutableArray();
            room = await inventory.AssignRoom(Id, ready);
        }
        var next = current with { Status = ReservationStatus.CHECKED_IN, RoomId = room, CheckedInAt = Now, UpdatedAt = Now };
        await SaveChangeAsync(next, State.Folio!, [], [new ChangeRoomStatus(current.HotelId, room, RoomStatus.OCCUPIED)]);
        return next;
    }

    public async Task<ReservationView> CheckOut(Caller caller)
    {
        var current = Visible(caller);
        if (current.Status != ReservationStatus.CHECKED_IN)
        {
            throw Errors.Conflict("not_checked_in", $"Only a CHECKED_IN reservation checks out; this one is {current.Status}.");
        }
        var hotel = await HotelAsync(current.HotelId);
        var today = ZonedTime.Today(Now, HotelRules.Zone(hotel));
        var nights = Math.Clamp(today.DayNumber - current.Arrival.DayNumber, 1, current.Nights);
        var roomNumber = hotel.Room(current.RoomId!.Value)?.Number ?? "?";
        var folio = State.Folio!;
        folio = folio with
        {
            Charges = folio.Charges.Add(new FolioCharge(Guid.NewGuid(), ChargeKind.ROOM,
                $"Room {roomNumber}: {nights} night(s) × {HotelRules.Money(current.NightlyRate, current.Currency)}", nights * current.NightlyRate,
                Now, caller.UserId)),
            Status = FolioStatus.COMPLETED,
            CompletedAt = Now,
        };
        var next = current with { Status = ReservationStatus.CHECKED_OUT, NightsHeld = false, CheckedOutAt = Now, UpdatedAt = Now };
        await SaveChangeAsync(next, folio, [],
        [
            new ChangeRoomStatus(current.HotelId, current.RoomId!.Value, RoomStatus.DIRTY),
            new ReleaseNights(InventoryKey(current)),
            new InvoiceFolio(current.HotelId, InvoiceOf(next, folio)),
        ]);
        return next;
    }

    public async Task<ReservationView> Cancel(string? reason, Caller caller)
    {
        await HandleDueNowAsync();
        var current = Visible(caller);
        if (current.Status != ReservationStatus.CONFIRMED)
        {
            throw Errors.Conflict("not_cancellable", $"Only a CONFIRMED reservation is cancelled; this one is {current.Status}.");
        }
        var next = current with { Status = ReservationStatus.CANCELLED, NightsHeld = false, CancelledAt = Now, CancelReason = reason, UpdatedAt = Now };
        await SaveChangeAsync(next, State.Folio!, [], [new ReleaseNights(InventoryKey(current))]);
        return next;
    }

    public Task<bool> HoldsNights(Guid roomTypeId) =>
        Task.FromResult(State.Reservation is { NightsHeld: true } r && r.RoomTypeId == roomTypeId);

    /// <summary>One save of the reservation and its folio with their row; <paramref name="commit"/> then handles what the change left due.</summary>
    private async Task SaveChangeAsync(ReservationView next, FolioView folio, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects,
        bool commit = false)
    {
        var state = State with { Reservation = next, Folio = folio, Version = State.Version + 1 };
        ReadModelRecord[] rows = [new ReservationRow(next, folio, ImmutableDictionary<string, DateTimeOffset>.Empty, state.Version), .. records];
        if (commit)
        {
            await CommitAsync(state, rows, effects);
        }
        else
        {
            await SaveAsync(state, rows, effects);
        }
    }

    /// <summary>The stay's dates against today in the hotel's zone; its cut-off, which must still be ahead.</summary>
    private DateTimeOffset CheckStay(DateOnly arrival, DateOnly departure, HotelSettings settings, TimeZoneInfo zone)
    {
        var today = ZonedTime.Today(Now, zone);
        if (departure <= arrival)
        {
            throw Errors.BadRequest("invalid_stay", "departureDate must be after arrivalDate.");
        }
        if (departure.DayNumber - arrival.DayNumber > HotelRules.MaxNights)
        {
            throw Errors.BadRequest("stay_too_long", $"A reservation covers at most {HotelRules.MaxNights} nights.");
        }
        if (arrival < today || arrival > today.AddDays(HotelRules.MaxDaysAhead))
        {
            throw Errors.BadRequest("invalid_arrival", $"arrivalDate must be between today ({today:yyyy-MM-dd}) and {HotelRules.MaxDaysAhead} days ahead.");
        }
        var cutoff = HotelRules.Cutoff(arrival, settings, zone);
        if (cutoff <= Now)
        {
            throw Errors.Conflict("past_cutoff", $"The no-show cut-off of {arrival:yyyy-MM-dd} has passed; book from the next day.");
        }
        return cutoff;
    }

    private static void CheckRoom(HotelView hotel, Guid? roomId, Guid roomTypeId)
    {
        if (roomId is { } id && hotel.Room(id)?.RoomTypeId != roomTypeId)
        {
            throw Errors.BadRequest("unknown_room", "roomId names no room of the reservation's room type.");
        }
    }

    private async Task<HotelView> HotelAsync(string hotelId) =>
        await GrainFactory.GetGrain<IHotelGrain>(hotelId).Find() ?? throw Errors.NotFound("hotel_not_found", "The caller's hotel is not registered.");

    private IRoomInventoryGrain Inventory(ReservationView r) => GrainFactory.GetGrain<IRoomInventoryGrain>(InventoryKey(r));

    private static string InventoryKey(ReservationView r) => RoomInventoryKey.For(r.HotelId, r.RoomTypeId);

    private ReservationView Visible(Caller caller) =>
        State.Reservation is { } r && r.HotelId == caller.TenantId ? r : throw Errors.NotFound("reservation_not_found", "No such reservation.");
}
