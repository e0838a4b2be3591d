namespace Hms.ReadModel;

/// <summary>
/// A row a grain owes the read model. Grains keep these in their state (the outbox) and flush them
/// after the state write; every record is an idempotent upsert keyed by a stable id. Each capability
/// declares its rows beside its grains, and the silo registers how each is written.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.Record")]
public abstract record class ReadModelRecord
{
    /// <summary>Effects that saving this row implies (a stored notification is also delivered).</summary>
    public virtual IEnumerable<Effect> Implied => [];
}
