using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hms.Api.Hosting;

/// <summary>
/// Metrics and traces over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: each request's trace
/// starts here and follows its grain calls into the silos (Orleans activity propagation, turned on in
/// <see cref="OrleansClientSetup"/>); meters are ASP.NET Core's and the Orleans client's.
/// </summary>
public static class Telemetry
{
    public static bool Traces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static WebApplicationBuilder AddApiTelemetry(this WebApplicationBuilder builder)
    {
        if (!Traces(builder.Configuration))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "hms-api"))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddSource("Microsoft.Orleans.Application")
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        return builder;
    }
}
