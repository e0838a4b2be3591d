using System.Collections.Immutable;
using Hms.Common;
using Hms.Notifications;

namespace Hms.Waitlist;

/// <summary>What the waitlist tells its patients.</summary>
public static class WaitlistNotices
{
    private static readonly Notice Offered = new("WAITLIST_OFFER", "A Slot Is Free for You", Priority.High, [Channel.Sms, Channel.InApp]);

    /// <summary>The patient hears of the slot held for them, and until when (the hospital's wall clock).</summary>
    public static NotificationRow Offer(WaitlistOfferView o, string hospitalId, TimeZoneInfo zone, DateTimeOffset at) =>
        Offered.To(hospitalId, RecipientKind.Patient, o.PatientId.ToString(),
            $"A slot is free on {o.Date:yyyy-MM-dd} at {o.StartTime:HH\\:mm}. It is held for you until {ZonedTime.Describe(o.ExpiresAt, zone)}; accept or decline it in the app.",
            at, ImmutableDictionary<string, string>.Empty
                .Add("offerId", o.Id.ToString()).Add("entryId", o.EntryId.ToString()).Add("doctorId", o.DoctorId.ToString())
                .Add("slotDate", o.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Add("startTime", o.StartTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                .Add("expiresAt", o.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
}
