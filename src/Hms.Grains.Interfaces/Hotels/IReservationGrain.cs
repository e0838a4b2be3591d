using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Orleans.Concurrency;

namespace Hms.Hotels;

/// <summary>
/// One reservation with its folio. It holds its own no-show deadline — the hotel's cut-off on the arrival
/// date, in the hotel's zone — and, for a guaranteed no-show, the end of the hold on its nights. Keyed by
/// the reservation id; its folio carries the same id.
/// </summary>
[Alias("Hms.IReservationGrain")]
public interface IReservationGrain : IGrainWithGuidKey
{
    /// <summary>Books the stay: its room type must have a room free on every night (409 no_availability otherwise).</summary>
    [Alias("Book")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> Book(BookReservation command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> Get(Caller caller);

    /// <summary>For other grains and the guest directory: the reservation, or null.</summary>
    [Alias("Find"), AlwaysInterleave]
    Task<ReservationView?> Find();

    /// <summary>New dates (the nights move and the cut-off with them), a room, or the guest's details.</summary>
    [Alias("Change")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> Change(ChangeReservation command, Caller caller);

    /// <summary>CONFIRMED → CHECKED_IN in a ready room of its type (the one given, the one reserved, or any free).</summary>
    [Alias("CheckIn")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> CheckIn(Guid? roomId, Caller caller);

    /// <summary>CHECKED_IN → CHECKED_OUT: the nights stayed are charged, the folio completes and is invoiced, the room needs cleaning.</summary>
    [Alias("CheckOut")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> CheckOut(Caller caller);

    [Alias("Cancel")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> Cancel(string? reason, Caller caller);

    /// <summary>NO_SHOW → CONFIRMED before the hotel's business day ends: the nights are held again and the fee reversed.</summary>
    [Alias("Reinstate")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ReservationView> Reinstate(Caller caller);

    [Alias("Folio")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<FolioView> Folio(Caller caller);

    [Alias("PostCharge")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<FolioView> PostCharge(PostCharge command, Caller caller);

    [Alias("PostPayment")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<FolioView> PostPayment(PostPayment command, Caller caller);

    /// <summary>The no-show records of this reservation, oldest first.</summary>
    [Alias("NoShows")]
    [Allows(Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk)]
    Task<ImmutableArray<NoShowRecord>> NoShows(Caller caller);

    /// <summary>For the check-no-shows job: handles the cut-off (or the end of a hold) when it has passed and its deadline has not.</summary>
    [Alias("CheckNoShow")]
    Task<NoShowCheck> CheckNoShow(string hotelId, RunSource source);

    /// <summary>For the generate-invoices job: a completed folio without an invoice gets one; that invoice, or null when nothing was owed.</summary>
    [Alias("EnsureInvoiced")]
    Task<Invoice?> EnsureInvoiced(string hotelId, RunSource source);

    /// <summary>The invoice the hotel issued for this folio (from the hotel's invoice numbering); idempotent.</summary>
    [Alias("Invoiced")]
    Task Invoiced(Invoice invoice);

    /// <summary>For the availability check: whether this reservation holds nights of the room type now.</summary>
    [Alias("HoldsNights"), AlwaysInterleave]
    Task<bool> HoldsNights(Guid roomTypeId);
}

public enum ReservationStatus
{
    CONFIRMED,
    CHECKED_IN,
    CHECKED_OUT,
    CANCELLED,
    NO_SHOW,
}

[GenerateSerializer, Immutable, Alias("Hms.Guest")]
public sealed record class Guest(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Phone);

[GenerateSerializer, Immutable, Alias("Hms.BookReservation")]
public sealed record class BookReservation(
    [property: Id(0)] Guest Guest,
    [property: Id(1)] Guid RoomTypeId,
    [property: Id(2)] Guid? RoomId,
    [property: Id(3)] DateOnly Arrival,
    [property: Id(4)] DateOnly Departure,
    [property: Id(5)] bool Guaranteed,
    // Null: the room type's rate.
    [property: Id(6)] decimal? NightlyRate);

[GenerateSerializer, Immutable, Alias("Hms.ChangeReservation")]
public sealed record class ChangeReservation(
    [property: Id(0)] Guest? Guest,
    [property: Id(1)] DateOnly? Arrival,
    [property: Id(2)] DateOnly? Departure,
    [property: Id(3)] Guid? RoomId,
    [property: Id(4)] bool? Guaranteed);

/// <summary>
/// A reservation. <see cref="CutoffAt"/> is the UTC instant of its no-show cut-off; <see cref="NightsHeld"/>
/// says whether its nights still count against availability (a guaranteed no-show's until <see cref="HoldUntil"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReservationView")]
public sealed record class ReservationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] Guest Guest,
    [property: Id(3)] Guid RoomTypeId,
    [property: Id(4)] Guid? RoomId,
    [property: Id(5)] DateOnly Arrival,
    [property: Id(6)] DateOnly Departure,
    [property: Id(7)] decimal NightlyRate,
    [property: Id(8)] string Currency,
    [property: Id(9)] bool Guaranteed,
    [property: Id(10)] ReservationStatus Status,
    [property: Id(11)] DateTimeOffset CutoffAt,
    [property: Id(12)] DateTimeOffset? HoldUntil,
    [property: Id(13)] bool NightsHeld,
    [property: Id(14)] DateTimeOffset? ReinstateUntil,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] string CreatedBy,
    [property: Id(17)] DateTimeOffset UpdatedAt,
    [property: Id(18)] DateTimeOffset? CheckedInAt,
    [property: Id(19)] DateTimeOffset? CheckedOutAt,
    [property: Id(20)] DateTimeOffset? CancelledAt,
    [property: Id(21)] DateTimeOffset? NoShowAt,
    [property: Id(22)] string? CancelReason)
{
    public int Nights => Departure.DayNumber - Arrival.DayNumber;
}

/// <summary>What the check-no-shows job found at one reservation: whether it handled a deadline, and what that did.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NoShowCheck")]
public sealed record class NoShowCheck(
    [property: Id(0)] bool Handled,
    [property: Id(1)] bool BecameNoShow,
    [property: Id(2)] decimal Fee,
    [property: Id(3)] bool NightsReleased)
{
    public static NoShowCheck Nothing { get; } = new(false, false, 0m, false);
}

/// <summary>What a no-show cost and what was done: the fee and the rule that set it, when the nights were or will be released.</summary>
[GenerateSerializer, Immutable, Alias("Hms.NoShowRecord")]
public sealed record class NoShowRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] Guid ReservationId,
    [property: Id(3)] string GuestName,
    [property: Id(4)] decimal Fee,
    [property: Id(5)] string Currency,
    [property: Id(6)] string Rule,
    [property: Id(7)] DateTimeOffset CutoffAt,
    [property: Id(8)] DateTimeOffset DetectedAt,
    [property: Id(9)] RunSource Source,
    [property: Id(10)] DateTimeOffset? HeldUntil,
    [property: Id(11)] DateTimeOffset? ReleasedAt,
    [property: Id(12)] DateTimeOffset? ReinstatedAt,
    [property: Id(13)] string? ReinstatedBy);
