using System.Security.Cryptography;
using System.Text;
using Hms.Deadlines;
using Hms.Jobs;

namespace Hms.Waitlist;

/// <summary>The waitlist's rules as pure functions of its state: who is next for a slot, what is due, what is kept.</summary>
public static class WaitlistRules
{
    /// <summary>The earliest expiry of an open offer; its runs are recorded as WAITLIST_OFFER_DEADLINE, failures alert no one.</summary>
    public static readonly DeadlineKind OfferExpiry = new("waitlist-offer", new JobName("WAITLIST_OFFER_DEADLINE"));

    public static DeadlineSet Deadlines(WaitlistState state) =>
        DeadlineSet.Of((OfferExpiry, state.Offers.Where(IsOpen).Select(o => (DateTimeOffset?)o.ExpiresAt).Min()));

    public static bool IsOpen(WaitlistOfferView offer) => offer.Status == WaitlistOfferStatus.OPEN;

    public static WaitlistOfferView? OpenOfferFor(WaitlistState state, DateOnly date, TimeOnly start) =>
        state.Offers.FirstOrDefault(o => IsOpen(o) && o.Date == date && o.StartTime == start);

    /// <summary>
    /// Who may be offered the slot, first in line first: waiting entries whose range holds the date, with no open
    /// offer and not offered this slot before, by fromDate, then registration time (then the order they joined).
    /// </summary>
    public static IEnumerable<WaitlistEntryView> InLine(WaitlistState state, DateOnly date, TimeOnly start) =>
        state.Entries
            .Where(e => e.Status == WaitlistEntryStatus.WAITING && e.FromDate <= date && date <= e.ToDate)
            .Where(e => !state.Offers.Any(o => o.EntryId == e.Id && (IsOpen(o) || (o.Date == date && o.StartTime == start))))
            .OrderBy(e => e.FromDate).ThenBy(e => e.RegisteredAt);

    /// <summary>
    /// The id of the offer of a slot to an entry. A slot is offered to an entry at most once, so the id can be
    /// derived: a handling retried after a crash holds the slot again under the same id, never a second one.
    /// </summary>
    public static Guid OfferId(Guid doctorId, DateOnly date, TimeOnly start, Guid entryId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"waitlist-offer/{doctorId:N}/{date:yyyy-MM-dd}/{start:HH\\:mm}/{entryId:N}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: name-based, own hash
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>
    /// Drops what can no longer matter (the read model keeps the history): answered offers of slots before
    /// <paramref name="before"/>, and entries ended or run out before it.
    /// </summary>
    public static WaitlistState Prune(WaitlistState state, DateOnly before) => state with
    {
        Offers = state.Offers.RemoveAll(o => !IsOpen(o) && o.Date < before),
        Entries = state.Entries.RemoveAll(e => e.ToDate < before && !state.Offers.Any(o => o.EntryId == e.Id && IsOpen(o))),
    };
}
