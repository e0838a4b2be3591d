using Hms.ReadModel;

namespace Hms.Waitlist;

/// <summary>
/// An offer as the read model keeps it (waitlist_offers): what was offered to whom and how it ended, for
/// the slots refilled from the waitlist and the minutes they recovered.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.WaitlistOfferRow")]
public sealed record class WaitlistOfferRow(
    [property: Id(0)] WaitlistOfferView Offer,
    [property: Id(1)] string HospitalId) : ReadModelRecord;
