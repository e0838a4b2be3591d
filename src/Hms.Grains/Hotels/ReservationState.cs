using System.Collections.Immutable;
using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;
using Hms.ReadModel;

namespace Hms.Hotels;

[GenerateSerializer, Alias("Hms.ReservationState")]
public sealed record class ReservationState : IOutboxState<ReservationState>
{
    [Id(0)] public ReservationView? Reservation { get; init; }
    [Id(1)] public FolioView? Folio { get; init; }

    /// <summary>Every time the reservation became a no-show, oldest first (a reinstated one may become one again).</summary>
    [Id(2)] public ImmutableList<NoShowRecord> NoShows { get; init; } = [];

    [Id(3)] public long Version { get; init; }
    [Id(4)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public ReservationState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>The deadlines a reservation holds: the no-show cut-off while CONFIRMED, the end of a guaranteed no-show's hold.</summary>
public static class ReservationDeadlines
{
    public static readonly JobFamily Family = new("HOTEL_NO_SHOW", "the hotel no-show check",
        [HotelJobs.ReservationNoShow, HotelJobs.ReservationRelease, HotelJobs.CheckNoShows]);

    public static readonly DeadlineKind NoShow = new("no-show", HotelJobs.ReservationNoShow, Family);

    public static readonly DeadlineKind Release = new("hold-release", HotelJobs.ReservationRelease, Family);

    public static DeadlineSet Of(ReservationView? r) => r is null ? DeadlineSet.None : DeadlineSet.Of(
        (NoShow, r.Status == ReservationStatus.CONFIRMED ? r.CutoffAt : null),
        (Release, r.Status == ReservationStatus.NO_SHOW && r.NightsHeld ? r.HoldUntil : null));
}

/// <summary>A reservation with its folio's figures and pending deadlines, as lists and the jobs' passes read it.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.ReservationRow")]
public sealed record class ReservationRow(
    [property: Id(0)] ReservationView Reservation,
    [property: Id(1)] FolioView Folio,
    [property: Id(2)] ImmutableDictionary<string, DateTimeOffset> Pending,
    [property: Id(3)] long Version) : ReadModelRecord, IShowsDeadlines
{
    public ReadModelRecord WithDeadlines(ImmutableDictionary<string, DateTimeOffset> pending) => this with { Pending = pending };
}

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NoShowRecordRow")]
public sealed record class NoShowRecordRow([property: Id(0)] NoShowRecord Record) : ReadModelRecord;

/// <summary>Gives a reservation's nights back to its room type.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReleaseNights")]
public sealed record class ReleaseNights([property: Id(0)] string InventoryKey) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) =>
        grains.GetGrain<IRoomInventoryGrain>(InventoryKey).Release(owner.GetGuidKey());
}

/// <summary>
/// Sets a room's status after a stay or a task changed it (OCCUPIED at check-in, DIRTY at check-out, CLEAN
/// after a checkout clean) — with <see cref="OnlyFrom"/>, only while the room is still in that status.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ChangeRoomStatus")]
public sealed record class ChangeRoomStatus(
    [property: Id(0)] string HotelId,
    [property: Id(1)] Guid RoomId,
    [property: Id(2)] RoomStatus Status,
    [property: Id(3)] RoomStatus? OnlyFrom = null) : Effect
{
    public override async Task ApplyAsync(IGrainFactory grains, GrainId owner)
    {
        var hotel = grains.GetGrain<IHotelGrain>(HotelId);
        if (OnlyFrom is { } from && (await hotel.Find())?.Room(RoomId)?.Status != from)
        {
            return;
        }
        await hotel.SetRoomStatus(RoomId, Status, Caller.System(HotelId));
    }
}

/// <summary>A completed folio's invoice, asked of the hotel's numbering; applied by the reservation itself (it records the number).</summary>
[GenerateSerializer, Immutable, Alias("Hms.InvoiceFolio")]
public sealed record class InvoiceFolio(
    [property: Id(0)] string HotelId,
    [property: Id(1)] InvoiceRequest Request) : Effect;
