namespace Hms.Jobs;

/// <summary>
/// How a reconcile pass calls the grains it found: a bounded number at a time, each chunk awaited
/// together so every call stays on the calling activation's scheduler, one failure never stopping
/// the rest (it is collected with the item's name).
/// </summary>
public static class GrainFanOut
{
    public const int Parallelism = 16;

    /// <summary>Calls <paramref name="call"/> for every item; the sum of what the calls returned and the errors.</summary>
    public static async Task<(int Total, IReadOnlyList<string> Errors)> SumAsync<T>(IEnumerable<T> items, Func<T, Task<int>> call,
        Func<T, string> name)
    {
        var total = 0;
        var errors = new List<string>();
        foreach (var chunk in items.Chunk(Parallelism))
        {
            await Task.WhenAll(chunk.Select(async item =>
            {
                try
                {
                    total += await call(item);
                }
                catch (Exception ex)
                {
                    errors.Add($"{name(item)}: {ex.Message}");
                }
            }));
        }
        return (total, errors);
    }
}
