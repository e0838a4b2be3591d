using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hms.Tests.Infrastructure;

/// <summary>An HTTP endpoint on loopback standing in for an SMS gateway's webhook: it keeps every message posted to /sms.</summary>
public sealed class SmsSink(int port) : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private WebApplication? _app;
    private int _failNext;

    /// <summary>Requests that reached the sink, answered or failed.</summary>
    public int Attempts => _attempts;

    private int _attempts;

    /// <summary>The next <paramref name="count"/> requests answer 503, as a gateway in trouble would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public int Port { get; } = port;

    public string Url => $"http://127.0.0.1:{Port}/sms";

    public IReadOnlyList<JsonElement> Received => [.. _received];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/sms", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _attempts);
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                return Results.StatusCode(503);
            }
            _received.Enqueue((await JsonDocument.ParseAsync(request.Body)).RootElement.Clone());
            return Results.Ok(new { accepted = true });
        });
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
