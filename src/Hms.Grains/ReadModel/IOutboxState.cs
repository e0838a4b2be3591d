using System.Collections.Immutable;

namespace Hms.ReadModel;

/// <summary>A grain state that carries the read-model records it still owes (its outbox).</summary>
public interface IOutboxState<TSelf> where TSelf : IOutboxState<TSelf>
{
    ImmutableList<ReadModelRecord> Outbox { get; }

    TSelf WithOutbox(ImmutableList<ReadModelRecord> outbox);
}
