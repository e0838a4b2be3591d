using System.Collections.Immutable;

namespace Hms.Retention;

/// <summary>
/// A tenant's history kept to its configured age (key: the tenant id, a hospital's or a hotel's): one
/// deadline a day, at the configured local time in the tenant's zone, trims job runs, delivered
/// notifications, resolved alerts, KPI runs, logs and audits older than their age. The tenant's own
/// grain starts it; nothing sweeps across tenants.
/// </summary>
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>Keeps the tenant's history trimmed daily in <paramref name="timeZone"/>; once started, a call with the same zone changes nothing.</summary>
    Task Keep(string timeZone);

    Task<RetentionView> Get();
}

/// <summary>When the tenant's history is next trimmed, and what the last trim removed (rows per history table).</summary>
[GenerateSerializer, Immutable, Alias("Hms.RetentionView")]
public sealed record class RetentionView(
    [property: Id(0)] string? TimeZone,
    [property: Id(1)] DateTimeOffset? NextTrimAt,
    [property: Id(2)] DateTimeOffset? LastTrimmedAt,
    [property: Id(3)] ImmutableDictionary<string, long> LastTrimmed);
