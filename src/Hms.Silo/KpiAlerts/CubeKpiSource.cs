using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hms.Common;
using Hms.KpiAlerts;
using Hms.Silo.Secrets;
using Microsoft.Extensions.Options;

namespace Hms.Silo.KpiAlerts;

/// <summary>
/// A Cube.js-style REST query API: <c>GET {baseUrl}/load?query=…</c> with the token in the Authorization
/// header. The alert's query JSON gives dimensions, filters and the time dimension; its measures become
/// the metric read, and the report period becomes the first time dimension's dateRange. Answers of
/// "Continue wait" are polled again, as Cube's clients do. Calls go through the shared outbound client
/// (src/Hms.Silo/Http/OutboundHttp.cs: internal addresses refused, no redirects, answers capped); every
/// failure reaches the tenant as a <see cref="KpiSourceException"/> with a stable code, its details only in
/// this silo's log.
/// </summary>
public sealed partial class CubeKpiSource(IHttpClientFactory clients, IOptions<CubeOptions> options, ISecretBox secrets, ILogger<CubeKpiSource> logger)
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
            throw new KpiSourceException(KpiSourceException.Refused, "The KPI source's host is not one the operator allows.");
        }
        try
        {
            return await ReadAsync(source, metric, from, to, latestOnly, cancellationToken);
        }
        catch (Exception ex) when (ex is not KpiSourceException && !cancellationToken.IsCancellationRequested)
        {
            LogInvalidAnswer(logger, ex, new Uri(source.BaseUrl!).Host);
            throw new KpiSourceException(KpiSourceException.InvalidAnswer, "The KPI source's answer could not be read.");
        }
    }

    private async Task<List<KpiPoint>> ReadAsync(KpiSource source, string metric, DateTimeOffset from, DateTimeOffset to, bool latestOnly,
        CancellationToken cancellationToken)
    {
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
                request.Headers.TryAddWithoutValidation("Authorization", Token(source.Token));
            }
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var (status, body) = await SendAsync(request, cancellationToken);
            JsonNode? answer;
            try
            {
                answer = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                LogFailure(logger, request.RequestUri!.Host, (int)status, "an answer that is not JSON");
                throw new KpiSourceException(KpiSourceException.InvalidAnswer, "The KPI source's answer is not JSON.");
            }
            var error = answer?["error"]?.ToString();
            if (error == "Continue wait" && poll < Polls)
            {
                await Task.Delay(PollDelay, cancellationToken);
                continue;
            }
            if ((int)status is < 200 or > 299 || error is not null)
            {
                LogFailure(logger, request.RequestUri!.Host, (int)status, error ?? "no error message");
                throw new KpiSourceException(KpiSourceException.Unavailable, "The KPI source answered with an error.");
            }
            return answer?["data"] as JsonArray
                ?? throw new KpiSourceException(KpiSourceException.InvalidAnswer, "The KPI source's answer has no data.");
        }
    }

    /// <summary>One request; what went wrong on the way is logged here and told to the tenant as a stable code.</summary>
    private async Task<(System.Net.HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Host;
        try
        {
            using var response = await clients.CreateClient(nameof(CubeKpiSource)).SendAsync(request, cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException ex) when (ex.InnerException is Http.OutboundAddressRefusedException)
        {
            LogRefused(logger, host);
            throw new KpiSourceException(KpiSourceException.Refused, "The KPI source's address is not one alerts may reach.");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            LogInvalidAnswer(logger, ex, host);
            throw new KpiSourceException(KpiSourceException.InvalidAnswer, "The KPI source's answer is larger than alerts read.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or TaskCanceledException)
        {
            LogUnavailable(logger, ex, host);
            throw new KpiSourceException(KpiSourceException.Unavailable, "The KPI source did not answer.");
        }
    }

    /// <summary>The token as the source expects it: it is sealed in grain state and opened only for the request.</summary>
    private string Token(string token)
    {
        try
        {
            return secrets.Open(token);
        }
        catch (SecretUnreadableException ex)
        {
            LogTokenUnreadable(logger, ex);
            throw new KpiSourceException(KpiSourceException.TokenUnreadable, "The KPI source's token cannot be read any more; set it again on the alert.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A KPI source token cannot be opened: its Data Protection key is not in the key ring (DataProtection settings)")]
    private static partial void LogTokenUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI source {Host}: every address it resolves to is internal and not in Outbound:AllowedNetworks")]
    private static partial void LogRefused(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI source {Host} could not be reached")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI source {Host} answered {Status}: {Error}")]
    private static partial void LogFailure(ILogger logger, string host, int status, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI source {Host}: its answer could not be read")]
    private static partial void LogInvalidAnswer(ILogger logger, Exception exception, string host);

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
