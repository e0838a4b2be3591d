using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hms.Common;
using Hms.KpiAlerts;
using Microsoft.Extensions.Options;

namespace Hms.Silo.KpiAlerts;

/// <summary>
/// A Cube.js-style REST query API: <c>GET {baseUrl}/load?query=…</c> with the token in the Authorization
/// header. The alert's query JSON gives dimensions, filters and the time dimension; its measures become
/// the metric read, and the report period becomes the first time dimension's dateRange. Answers of
/// "Continue wait" are polled again, as Cube's clients do.
/// </summary>
public sealed class CubeKpiSource(IHttpClientFactory clients, IOptions<CubeOptions> options)
{
    private const int Polls = 10;
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>A "latest value" looks this far back.</summary>
    private static readonly TimeSpan LatestWindow = TimeSpan.FromDays(366);

    /// <summary>Any host when the operator names none; otherwise only those named (case-insensitive).</summary>
    public bool Allows(KpiSource source) =>
        Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var url)
        && options.Value.Hosts is var hosts && (hosts.Count == 0 || hosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase));

    public async Task<IReadOnlyList<KpiPoint>> SeriesAsync(KpiSource source, string metric, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) =>
        await LoadAsync(source, metric, from, to, latestOnly: false, cancellationToken);

    public async Task<KpiPoint?> LatestAsync(KpiSource source, string metric, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await LoadAsync(source, metric, at - LatestWindow, at, latestOnly: true, cancellationToken)).LastOrDefault(p => p.At <= at);

    private async Task<List<KpiPoint>> LoadAsync(KpiSource source, string metric, DateTimeOffset from, DateTimeOffset to, bool latestOnly,
        CancellationToken cancellationToken)
    {
        if (!Allows(source))
        {
            throw new InvalidOperationException($"KPI source host {new Uri(source.BaseUrl!).Host} is not in KpiSources:Cube:AllowedHosts.");
        }
        var query = JsonNode.Parse(source.Query!)!.AsObject();
        query["measures"] = new JsonArray(metric);
        var time = (query["timeDimensions"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var dimension = time?["dimension"]?.GetValue<string>();
        var zone = ZonedTime.FindIana(query["timezone"]?.GetValue<string>()) ?? TimeZoneInfo.Utc;
        if (time is not null && dimension is not null)
        {
            // Cube's dateRange is inclusive at both ends and read in the query's time zone.
            time["dateRange"] = new JsonArray(Local(from, zone), Local(to.AddMilliseconds(-1), zone));
            query["order"] = new JsonObject { [dimension] = latestOnly ? "desc" : "asc" };
            if (latestOnly)
            {
                query["limit"] = 1;
            }
        }
        var timeKey = dimension is null ? null : time!["granularity"]?.GetValue<string>() is { } granularity ? $"{dimension}.{granularity}" : dimension;
        var data = await PollAsync(source, query.ToJsonString(), cancellationToken);
        var points = new List<KpiPoint>();
        foreach (var row in data.OfType<JsonObject>())
        {
            if (Number(row[metric]) is not { } value)
            {
                continue;
            }
            var at = timeKey is not null && row[timeKey]?.GetValue<string>() is { } stamp ? Instant(stamp, zone) : to;
            points.Add(new KpiPoint(at, value));
        }
        return [.. points.OrderBy(p => p.At)];
    }

    private async Task<JsonArray> PollAsync(KpiSource source, string query, CancellationToken cancellationToken)
    {
        for (var poll = 1; ; poll++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{source.BaseUrl}/load?query={Uri.EscapeDataString(query)}");
            if (!string.IsNullOrEmpty(source.Token))
            {
                request.Headers.TryAddWithoutValidation("Authorization", source.Token);
            }
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await clients.CreateClient(nameof(CubeKpiSource)).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? answer;
            try
            {
                answer = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                throw new HttpRequestException($"The KPI source answered {(int)response.StatusCode} without JSON.");
            }
            var error = answer?["error"]?.ToString();
            if (error == "Continue wait" && poll < Polls)
            {
                await Task.Delay(PollDelay, cancellationToken);
                continue;
            }
            if (!response.IsSuccessStatusCode || error is not null)
            {
                throw new HttpRequestException($"The KPI source answered {(int)response.StatusCode}: {error ?? "no error message"}");
            }
            return answer?["data"] as JsonArray ?? throw new HttpRequestException("The KPI source's answer has no data array.");
        }
    }

    private static decimal? Number(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Number => node.GetValue<decimal>(),
        JsonValueKind.String when decimal.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        ZonedTime.ToLocal(at, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Cube's timestamps carry no offset: they are local times of the query's zone (UTC by default).</summary>
    private static DateTimeOffset Instant(string stamp, TimeZoneInfo zone)
    {
        var parsed = DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (stamp.EndsWith('Z') || stamp.Contains('+') || stamp.LastIndexOf('-') > 9)
        {
            return parsed;
        }
        var local = DateTime.SpecifyKind(parsed.UtcDateTime, DateTimeKind.Unspecified);
        return ZonedTime.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), zone);
    }
}

/// <summary>KpiSources:Cube:* — which hosts alerts may query (none named: any).</summary>
public sealed class CubeOptions
{
    public const string Section = "KpiSources:Cube";

    /// <summary>Comma-separated host names (e.g. <c>cube.internal,10.0.0.7</c>); empty: any host.</summary>
    public string AllowedHosts { get; set; } = "";

    public IReadOnlyList<string> Hosts =>
        AllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The one port over both sources, chosen per alert.</summary>
public sealed class KpiSources(IKpiValueStore store, CubeKpiSource cube) : IKpiSource
{
    public Task<IReadOnlyList<KpiPoint>> SeriesAsync(string tenantId, KpiSource source, string metric, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default) => source.Kind == KpiSourceKind.CUBE
        ? cube.SeriesAsync(source, metric, from, to, cancellationToken)
        : store.SeriesAsync(tenantId, metric, from, to, cancellationToken);

    public Task<KpiPoint?> LatestAsync(string tenantId, KpiSource source, string metric, DateTimeOffset at,
        CancellationToken cancellationToken = default) => source.Kind == KpiSourceKind.CUBE
        ? cube.LatestAsync(source, metric, at, cancellationToken)
        : store.LatestAsync(tenantId, metric, at, cancellationToken);

    public bool Allows(KpiSource source) => source.Kind != KpiSourceKind.CUBE || cube.Allows(source);
}
