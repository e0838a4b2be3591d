using Hms.Jobs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Hms.Silo.Hosting;

/// <summary>
/// Metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OpenTelemetry
/// variables choose protocol, headers and interval): the <c>Hms</c> meter, Orleans' and ASP.NET Core's.
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddSiloTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "hms-silo"))
            .WithMetrics(metrics => metrics
                .AddMeter(HmsMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter());
        return builder;
    }
}
