namespace Hms.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/>, or fails after the timeout.</summary>
    public static Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null) =>
        Until(probe, done, betweenPolls: null, timeout, what);

    /// <summary>
    /// Like <see cref="Until{T}(Func{Task{T}}, Func{T, bool}, TimeSpan?, string?)"/>, running <paramref name="betweenPolls"/>
    /// after every unsuccessful poll (a fake clock uses it to let time flow).
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, Action? betweenPolls, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time{(what is null ? "" : ": " + what)}. Last value: {last}");
            }
            betweenPolls?.Invoke();
            await Task.Delay(50);
        }
    }
}

public static class RequestCopies
{
    /// <summary>A fresh copy of a body-less request: a request message can be sent only once.</summary>
    public static HttpRequestMessage Clone(this HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }
}
