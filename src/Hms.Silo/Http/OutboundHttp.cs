using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Hms.Silo.Http;

/// <summary>
/// HTTP clients to the outside (the SMS gateway's webhook, a KPI source): each attempt bounded by
/// <c>attemptTimeout</c>, transient failures (connection errors, 408, 429, 5xx) retried twice after a
/// short exponential delay with jitter, so many silos retrying do not hit a struggling service in step.
/// Longer outages are the callers' to retry (a notification's delivery backoff, a KPI run's retries).
/// </summary>
public static class OutboundHttp
{
    public const int Retries = 2;

    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name, TimeSpan attemptTimeout)
    {
        var client = services.AddHttpClient(name);
        client.AddResilienceHandler(name, pipeline =>
        {
            pipeline.AddTimeout(attemptTimeout * (Retries + 1) + TimeSpan.FromSeconds(2));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            });
            pipeline.AddTimeout(attemptTimeout);
        });
        return client;
    }
}
