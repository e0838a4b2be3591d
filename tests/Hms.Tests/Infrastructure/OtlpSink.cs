using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP receiver on loopback: keeps every metrics export posted to /v1/metrics as bytes and
/// reads every span posted to /v1/traces (service, instrumentation scope, name, trace and parent ids).
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> _exports = new();
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private WebApplication? _app;

    public int Port { get; } = Ports.Free();

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public int Exports => _exports.Count;

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    /// <summary>Whether any metrics export so far mentions <paramref name="text"/> (metric names travel as UTF-8 in the protobuf).</summary>
    public bool Mentions(string text) => _exports.Any(e => Encoding.UTF8.GetString(e).Contains(text, StringComparison.Ordinal));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Endpoint);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            _exports.Enqueue(await Body(request));
            return Results.Ok();
        });
        _app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            foreach (var span in OtlpSpan.Read(await Body(request)))
            {
                _spans.Enqueue(span);
            }
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    private static async Task<byte[]> Body(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return body.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One span of an OTLP ExportTraceServiceRequest; ids in lower-case hex, no parent = "".</summary>
public sealed record OtlpSpan(string Service, string Scope, string Name, string TraceId, string SpanId, string ParentSpanId)
{
    // Field numbers of opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
    public static IEnumerable<OtlpSpan> Read(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = Fields(resourceSpans, 1).SelectMany(resource => Fields(resource, 1))
                .Where(kv => Text(Fields(kv, 1).FirstOrDefault()) == "service.name")
                .Select(kv => Text(Fields(Fields(kv, 2).First(), 1).FirstOrDefault())).FirstOrDefault() ?? "";
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Text(Fields(scopeSpans, 1).SelectMany(s => Fields(s, 1)).FirstOrDefault());
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return new OtlpSpan(service, scope, Text(Fields(span, 5).FirstOrDefault()),
                        Hex(Fields(span, 1).FirstOrDefault()), Hex(Fields(span, 2).FirstOrDefault()), Hex(Fields(span, 4).FirstOrDefault()));
                }
            }
        }
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of a protobuf message (others skipped).</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    if (field == number)
                    {
                        found.Add(message[at..(at + length)]);
                    }
                    at += length;
                    break;
                default: throw new InvalidDataException($"Unexpected protobuf wire type {wire}");
            }
        }
        return found;
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
