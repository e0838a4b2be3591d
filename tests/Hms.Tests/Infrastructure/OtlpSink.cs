using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hms.Tests.Infrastructure;

/// <summary>An OTLP/HTTP receiver on loopback that keeps every metrics export posted to /v1/metrics.</summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> _exports = new();
    private WebApplication? _app;

    public int Port { get; } = Ports.Free();

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public int Exports => _exports.Count;

    /// <summary>Whether any export so far mentions <paramref name="text"/> (metric names travel as UTF-8 in the protobuf).</summary>
    public bool Mentions(string text) => _exports.Any(e => Encoding.UTF8.GetString(e).Contains(text, StringComparison.Ordinal));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Endpoint);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
