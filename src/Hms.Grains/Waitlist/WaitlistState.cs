using System.Collections.Immutable;
using Hms.ReadModel;

namespace Hms.Waitlist;

/// <summary>
/// A doctor's waitlist: its entries in the order they joined, and the offers made of freed slots. Which
/// patients a slot was already offered to is read from the offers themselves (one per slot and entry).
/// </summary>
[GenerateSerializer, Alias("Hms.WaitlistState")]
public sealed record class WaitlistState : IOutboxState<WaitlistState>
{
    /// <summary>The doctor's hospital, set by the first entry; null while the list was never used.</summary>
    [Id(0)] public string? HospitalId { get; init; }

    [Id(1)] public ImmutableList<WaitlistEntryView> Entries { get; init; } = [];

    [Id(2)] public ImmutableList<WaitlistOfferView> Offers { get; init; } = [];

    [Id(3)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public WaitlistState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}
