using System.Collections.Immutable;

namespace Hms.ReadModel;

/// <summary>
/// What a grain still owes others after a state change: read-model rows to upsert, and effects
/// (idempotent calls to other grains). Saved with the state, so a crash never loses them.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.Outbox")]
public sealed record class Outbox(
    [property: Id(0)] ImmutableList<ReadModelRecord> Records,
    [property: Id(1)] ImmutableList<Effect> Effects)
{
    public static Outbox Empty { get; } = new([], []);

    public bool IsEmpty => Records.IsEmpty && Effects.IsEmpty;
}

/// <summary>
/// A call a grain owes another grain after a change it saved (release a slot, count a no-show,
/// deliver a notification). Applying it twice must change nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.Effect")]
public abstract record class Effect
{
    /// <summary>Makes the call, on behalf of <paramref name="owner"/> (the grain whose outbox holds it).</summary>
    public virtual Task ApplyAsync(IGrainFactory grains, GrainId owner) =>
        throw new NotSupportedException($"{GetType().Name} is applied by the grain that owes it.");
}
