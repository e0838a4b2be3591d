using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hms.Api.Hosting;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the cluster has an active silo.</summary>
public static class ApiHealth
{
    public static WebApplicationBuilder AddApiHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<ClusterReachableCheck>("cluster", tags: ["ready"]);
        return builder;
    }

    public static void MapApiHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJson }).AllowAnonymous();
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            // Status only: probes are anonymous, and descriptions and errors name hosts and addresses (they are in the log).
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString() }),
        }));
    }

    private sealed class ClusterReachableCheck(IClusterClient cluster) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var silos = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return silos.Count > 0
                    ? HealthCheckResult.Healthy($"{silos.Count} active silo(s).")
                    : HealthCheckResult.Unhealthy("No active silo.");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("Cluster unreachable.", ex);
            }
        }
    }
}
