using System.Collections.Immutable;

namespace Hms.Common;

/// <summary>One page of a list: the items, the total that matched, and the window asked for.</summary>
[GenerateSerializer, Immutable, Alias("Hms.Page`1")]
public sealed record class Page<T>(
    [property: Id(0)] ImmutableArray<T> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] int Limit,
    [property: Id(3)] int Offset);

/// <summary>A limit/offset window, already clamped to sane bounds.</summary>
[GenerateSerializer, Immutable, Alias("Hms.Paging")]
public sealed record class Paging([property: Id(0)] int Limit, [property: Id(1)] int Offset)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static Paging Default { get; } = new(DefaultLimit, 0);
}
