using Hms.Jobs;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hms.Silo.Hosting;

/// <summary>
/// What a silo tells an operator's monitoring, all off unless configured:
/// <list type="bullet">
/// <item><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: metrics and traces over OTLP (the standard <c>OTEL_*</c>
/// variables choose protocol, headers and intervals). Traces carry a request from the API through
/// the grain calls it makes (Orleans activity propagation) to the SQL each grain runs, and a
/// deadline's reminder tick through the same.</item>
/// <item><c>Telemetry__Prometheus=true</c>: the same metrics for scraping at <c>/metrics</c> on the silo's HTTP port.</item>
/// </list>
/// Meters: <c>Hms</c> (deadline lateness, deadlines handled and failed, job runs), Orleans' and ASP.NET Core's.
/// </summary>
public static class Telemetry
{
    public const string PrometheusPath = "/metrics";

    /// <summary>Orleans' grain-call sources: application grains and the runtime's own (reminder ticks arrive through it).</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime"];

    public static bool Traces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static bool Prometheus(IConfiguration configuration) => configuration.GetValue<bool>("Telemetry:Prometheus");

    /// <summary>
    /// SQL is traced only inside an operation already traced (an API request's grain call, a deadline):
    /// the cluster's own housekeeping (membership heartbeats, reminder table refreshes) would otherwise
    /// start a trace of its own every few seconds.
    /// </summary>
    public static NpgsqlDataSourceBuilder TraceOnlyWithinOperations(this NpgsqlDataSourceBuilder database)
    {
        database.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null));
        return database;
    }

    public static WebApplicationBuilder AddSiloTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = Traces(builder.Configuration);
        var prometheus = Prometheus(builder.Configuration);
        if (!otlp && !prometheus)
        {
            return builder;
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "hms-silo"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HmsMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddNpgsql()
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(PrometheusPath))
                .AddOtlpExporter());
        }
        return builder;
    }

    public static void MapPrometheus(this WebApplication app)
    {
        if (Prometheus(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(PrometheusPath);
        }
    }
}
