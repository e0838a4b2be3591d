using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>
/// What operators' monitoring sees of real silo processes (src/Hms.Silo/Hosting/Telemetry.cs): OTLP
/// metrics and traces that follow a request from the API into a grain and its SQL, a Prometheus
/// scrape, and the dashboard's Log Stream.
/// </summary>
[Trait("Category", "Durability")]
public sealed class TelemetryTests
{
    private static readonly Dictionary<string, string> Otlp = new()
    {
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    [Fact]
    public async Task ATraceFollowsARequestFromTheApiThroughItsGrainToPostgresAndMetricsAreExported()
    {
        await using var receiver = new OtlpSink();
        await receiver.StartAsync();
        await using var deployment = await PostgresDeployment.CreateAsync();
        var settings = new Dictionary<string, string>(Otlp) { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint };
        foreach (var (key, value) in settings)
        {
            deployment.ApiSettings[key] = value;
        }
        var silo = deployment.StartSilo(extra: settings);
        await silo.WaitReadyAsync();

        // The job executions list reads the tenant's job runs from PostgreSQL inside a grain.
        var admin = deployment.Http("h-traced", ["HOSPITAL_ADMIN"]);
        await Eventually.Until(() => admin.GetAsync("/api/jobs"), r => r.IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the API reaches the silo");

        List<OtlpSpan> trace;
        try
        {
            trace = await Eventually.Until(() => Task.FromResult(receiver.Spans
                    .Where(s => s.Service == "hms-api" && s.Name.Contains("/api/jobs") && s.ParentSpanId == "")
                    .Select(root => receiver.Spans.Where(s => s.TraceId == root.TraceId).ToList())
                    .FirstOrDefault(spans => spans.Any(s => s.Service == "hms-silo" && s.Scope == "Npgsql"))),
                spans => spans is not null, TimeSpan.FromSeconds(20), "one trace from the API request to the grain's SQL") ?? [];
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nSpans received:\n" + string.Join("\n", receiver.Spans.Take(80)));
        }

        var request = trace.Single(s => s.Service == "hms-api" && s.ParentSpanId == "");
        var grainCall = trace.Single(s => s.Service == "hms-silo" && s.Scope == "Microsoft.Orleans.Application" && s.Name.Contains("JobRun", StringComparison.OrdinalIgnoreCase)
            && trace.Any(p => p.SpanId == s.ParentSpanId && p.Service == "hms-api"));
        Assert.Contains(trace, s => s.Service == "hms-silo" && s.Scope == "Npgsql" && Ancestors(trace, s).Contains(grainCall));
        Assert.Contains(request, Ancestors(trace, grainCall));

        // Metrics: a reconcile pass records a job run on the Hms meter.
        var trigger = new HttpRequestMessage(HttpMethod.Post, "/api/v1/no-show/external-trigger");
        trigger.Headers.Add("x-cron-api-key", PostgresDeployment.CronApiKey);
        Assert.True((await deployment.Anonymous().SendAsync(trigger)).IsSuccessStatusCode);
        await Eventually.Until(() => Task.FromResult(receiver.Mentions("hms.job_runs")), found => found, TimeSpan.FromSeconds(15),
            $"an OTLP export with hms.job_runs ({receiver.Exports} exports so far)");
        Assert.True(receiver.Mentions("hms-silo"));
    }

    [Fact]
    public async Task PrometheusScrapesTheSiloAndTheDashboardLogStreamShowsItsLog()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var silo = deployment.StartSilo(extra: new Dictionary<string, string> { ["Telemetry__Prometheus"] = "true" });
        await silo.WaitReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };

        // The dashboard's Log Stream: this silo's log as it happens (here: the request log line of a health probe).
        using var stream = new HttpRequestMessage(HttpMethod.Get, "/dashboard/Trace");
        stream.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{SiloProcess.DashboardPassword}")));
        using var log = await http.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        using var reader = new StreamReader(await log.Content.ReadAsStreamAsync());
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var probe = Task.Run(async () =>
        {
            while (!within.IsCancellationRequested)
            {
                await http.GetAsync("/health/live?probe", within.Token);
                await Task.Delay(250, within.Token);
            }
        }, within.Token);
        string? line;
        do
        {
            line = await reader.ReadLineAsync(within.Token);
        }
        while (line is not null && !line.Contains("HTTP GET /health/live"));
        Assert.Contains("HTTP GET /health/live 200", line);
        await within.CancelAsync();

        var trigger = new HttpRequestMessage(HttpMethod.Post, "/api/v1/no-show/external-trigger");
        trigger.Headers.Add("x-cron-api-key", PostgresDeployment.CronApiKey);
        await Eventually.Until(async () => await deployment.Anonymous().SendAsync(trigger.Clone()), r => r.IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the API reaches the silo");
        var scraped = await Eventually.Until(() => http.GetStringAsync("/metrics"), text => text.Contains("hms_job_runs"),
            TimeSpan.FromSeconds(15), "hms_job_runs on /metrics");
        Assert.Contains("job=\"NO_SHOW_RECONCILE\"", scraped);
    }

    private static List<OtlpSpan> Ancestors(List<OtlpSpan> trace, OtlpSpan span)
    {
        var line = new List<OtlpSpan>();
        for (var parent = trace.FirstOrDefault(p => p.SpanId == span.ParentSpanId); parent is not null;
             parent = trace.FirstOrDefault(p => p.SpanId == parent.ParentSpanId))
        {
            line.Add(parent);
        }
        return line;
    }
}
