using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;
using Hms.Notifications;

namespace Hms.Hotels;

/// <summary>
/// Who hears of a no-show: the guest by e-mail (recipient kind GUEST, id = the reservation id, address
/// from <see cref="GuestContacts"/>), and every active FRONT_DESK member in-app and by e-mail.
/// </summary>
public static class ReservationNotices
{
    public const string GuestNoShow = "HOTEL_NO_SHOW_GUEST";
    public const string DeskNoShow = "HOTEL_NO_SHOW";

    public static readonly RecipientKind Guest = RecipientKind.Named("GUEST");

    public static IEnumerable<NotificationRow> OfNoShow(ReservationView r, NoShowRecord record, HotelView hotel)
    {
        var metadata = ImmutableDictionary<string, string>.Empty
            .Add("reservationId", r.Id.ToString())
            .Add("arrival", r.Arrival.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Add("fee", record.Fee.ToString("0.00", CultureInfo.InvariantCulture))
            .Add("currency", record.Currency)
            .Add("rule", record.Rule);
        var fee = record.Fee == 0 ? "No fee was charged." : $"A no-show fee of {HotelRules.Money(record.Fee, record.Currency)} was posted to the bill.";
        var nights = record.HeldUntil is { } until
            ? $"The room is held until {ZonedTime.Describe(until, HotelRules.Zone(hotel))}."
            : "The room has been released.";
        yield return new Notice(GuestNoShow, $"{hotel.Name}: your reservation was marked as a no-show", Priority.Normal, [Channel.Email])
            .To(r.HotelId, Guest, r.Id.ToString(), $"Dear {r.Guest.Name}, you had not checked in at {hotel.Name} by the cut-off of your arrival on {r.Arrival:yyyy-MM-dd}, so your reservation is recorded as a no-show. {fee} {nights} Please contact the hotel if you are still coming.",
                record.DetectedAt, metadata);
        var desk = new Notice(DeskNoShow, $"No-show: {r.Guest.Name} ({r.Arrival:yyyy-MM-dd})", Priority.Medium, [Channel.InApp, Channel.Email]);
        foreach (var member in hotel.ActiveIn(Roles.FrontDesk))
        {
            yield return desk.To(r.HotelId, RecipientKind.User, member.UserId,
                $"{r.Guest.Name} (reservation {r.Id}) did not check in by the cut-off. {fee} {nights}", record.DetectedAt, metadata);
        }
    }
}
