using System.Collections.Concurrent;
using System.Security.Claims;

namespace Hms.Api.Auth;

/// <summary>
/// Long-lived streams (Server-Sent Events) a user may hold open at once (RateLimits:StreamsPerUser), and
/// when a stream must end: at its token's expiry, since a stream never presents its token again.
/// </summary>
public sealed class StreamSlots(RateLimitSettings settings)
{
    private readonly ConcurrentDictionary<string, int> _open = new();

    /// <summary>A slot for one more stream of <paramref name="user"/>, or null when all are taken; dispose it when the stream ends.</summary>
    public IDisposable? TryTake(ClaimsPrincipal user)
    {
        if (settings.StreamsPerUser <= 0)
        {
            return new Slot(() => { });
        }
        var key = $"{user.FindFirstValue(AuthSetup.TenantClaim)}/{user.FindFirstValue(AuthSetup.SubjectClaim)}";
        while (true)
        {
            var open = _open.GetOrAdd(key, 0);
            if (open >= settings.StreamsPerUser)
            {
                return null;
            }
            if (_open.TryUpdate(key, open + 1, open))
            {
                return new Slot(() => _open.AddOrUpdate(key, 0, (_, n) => n - 1));
            }
        }
    }

    /// <summary>How long the caller's token is still valid (its <c>exp</c>); null when it has none.</summary>
    public static TimeSpan? UntilExpiry(ClaimsPrincipal user, DateTimeOffset now) =>
        long.TryParse(user.FindFirstValue("exp"), out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) - now : null;

    private sealed class Slot(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
        }
    }
}
