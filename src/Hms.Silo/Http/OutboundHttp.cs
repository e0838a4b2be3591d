using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Hms.Silo.Http;

/// <summary>
/// HTTP clients to the outside (the SMS gateway's webhook, a tenant's KPI source), all through one
/// handler: connections only to addresses <see cref="OutboundAddresses"/> allows (internal ranges refused
/// unless the operator names them), no redirects followed, no proxy that would dial for us, a connect
/// timeout and a cap on the answer's size (Outbound:*). Each attempt is bounded by <c>attemptTimeout</c>;
/// transient failures (connection errors, 408, 429, 5xx) are retried twice after a short exponential delay
/// with jitter, so many silos retrying do not hit a struggling service in step — a refused address is not
/// retried. Longer outages are the callers' to retry (a notification's delivery backoff, a KPI run's retries).
/// </summary>
public static class OutboundHttp
{
    public const int Retries = 2;

    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name, TimeSpan attemptTimeout)
    {
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.AddSingleton<OutboundAddresses>();
        var client = services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectTimeout = sp.GetRequiredService<IOptions<OutboundOptions>>().Value.ConnectTimeout,
                ConnectCallback = sp.GetRequiredService<OutboundAddresses>().ConnectAsync,
            })
            .ConfigureHttpClient((sp, http) => http.MaxResponseContentBufferSize = sp.GetRequiredService<IOptions<OutboundOptions>>().Value.MaxResponseBytes);
        client.AddResilienceHandler(name, pipeline =>
        {
            pipeline.AddTimeout(attemptTimeout * (Retries + 1) + TimeSpan.FromSeconds(2));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not HttpRequestException { InnerException: OutboundAddressRefusedException }
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            });
            pipeline.AddTimeout(attemptTimeout);
        });
        return client;
    }
}
