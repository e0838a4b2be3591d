namespace Hms.ReadModel;

/// <summary>A grain state that carries its <see cref="ReadModel.Outbox"/>.</summary>
public interface IOutboxState<TSelf> where TSelf : IOutboxState<TSelf>
{
    Outbox Outbox { get; }

    TSelf WithOutbox(Outbox outbox);
}
