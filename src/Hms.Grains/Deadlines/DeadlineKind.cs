using System.Collections.Immutable;
using Hms.Jobs;
using Hms.ReadModel;

namespace Hms.Deadlines;

/// <summary>
/// A kind of deadline a grain holds: the name of its one reminder, the job its runs are recorded
/// under, and the family whose failure streak its failed runs count in (null: failures alert no one).
/// </summary>
public sealed record DeadlineKind(string Name, JobName Job, JobFamily? Family = null)
{
    public override string ToString() => Name;
}

/// <summary>The deadlines a state implies: a UTC instant per kind.</summary>
public sealed record DeadlineSet(ImmutableDictionary<DeadlineKind, DateTimeOffset> Due) : IReadOnlyDictionary<DeadlineKind, DateTimeOffset>
{
    public static readonly DeadlineSet None = new(ImmutableDictionary<DeadlineKind, DateTimeOffset>.Empty);

    public bool IsEmpty => Due.IsEmpty;

    public int Count => Due.Count;

    public IEnumerable<DeadlineKind> Keys => Due.Keys;

    public IEnumerable<DateTimeOffset> Values => Due.Values;

    public DateTimeOffset this[DeadlineKind kind] => Due[kind];

    public bool ContainsKey(DeadlineKind kind) => Due.ContainsKey(kind);

    public bool TryGetValue(DeadlineKind kind, out DateTimeOffset dueAt) => Due.TryGetValue(kind, out dueAt);

    public IEnumerator<KeyValuePair<DeadlineKind, DateTimeOffset>> GetEnumerator() => Due.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>By reminder name, as read-model rows show them.</summary>
    public ImmutableDictionary<string, DateTimeOffset> ByName => Due.ToImmutableDictionary(d => d.Key.Name, d => d.Value);


    /// <summary>The earliest deadline due at <paramref name="now"/>, if any.</summary>
    public (DeadlineKind Kind, DateTimeOffset DueAt)? NextDue(DateTimeOffset now) =>
        Due.Where(d => d.Value <= now).OrderBy(d => d.Value).Select(d => ((DeadlineKind, DateTimeOffset)?)(d.Key, d.Value)).FirstOrDefault();

    /// <summary>Deadlines here that <paramref name="before"/> did not hold at the same instant: to be armed.</summary>
    public IEnumerable<KeyValuePair<DeadlineKind, DateTimeOffset>> NewSince(DeadlineSet before) =>
        Due.Where(d => !before.TryGetValue(d.Key, out var armedFor) || armedFor != d.Value);

    /// <summary>Kinds <paramref name="before"/> held that are gone here: to be disarmed.</summary>
    public IEnumerable<DeadlineKind> EndedSince(DeadlineSet before) => before.Keys.Where(k => !ContainsKey(k));

    public static DeadlineSet Of(params IEnumerable<(DeadlineKind Kind, DateTimeOffset? At)> deadlines) =>
        new(deadlines.Where(d => d.At is not null).ToImmutableDictionary(d => d.Kind, d => d.At!.Value));
}

/// <summary>A grain's deadline table: each kind it holds, and the handler of its rule.</summary>
public sealed class DeadlineTable
{
    private readonly Dictionary<string, (DeadlineKind Kind, Func<DateTimeOffset, RunSource, Task> Handle)> _kinds = [];

    /// <summary>Adds a kind; its handler applies the rule with one save that leaves the deadline gone or later.</summary>
    public DeadlineTable On(DeadlineKind kind, Func<DateTimeOffset, RunSource, Task> handle)
    {
        _kinds.Add(kind.Name, (kind, handle));
        return this;
    }

    public DeadlineKind? Find(string reminderName) => _kinds.TryGetValue(reminderName, out var entry) ? entry.Kind : null;

    public Task HandleAsync(DeadlineKind kind, DateTimeOffset dueAt, RunSource source) => _kinds[kind.Name].Handle(dueAt, source);
}

/// <summary>A read-model row that shows its grain's pending deadlines: the save fills them in.</summary>
public interface IShowsDeadlines
{
    ReadModelRecord WithDeadlines(ImmutableDictionary<string, DateTimeOffset> pending);
}
