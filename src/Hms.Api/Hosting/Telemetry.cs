using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Hms.Api.Hosting;

/// <summary>Metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: ASP.NET Core's and the Orleans client's.</summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddApiTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "hms-api"))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter());
        return builder;
    }
}
