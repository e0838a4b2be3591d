using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Hms.Tests.Infrastructure;

/// <summary>
/// A Cube.js-style query API on loopback: answers <c>GET /cubejs-api/v1/load?query=…</c> with the
/// configured rows, "Continue wait" first when asked, and keeps each query and Authorization header seen.
/// </summary>
public sealed class CubeStub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _waitsLeft;

    public CubeStub(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}/cubejs-api/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string BaseUrl { get; }

    /// <summary>The JSON body of the answer's "data".</summary>
    public string Data { get; set; } = "[]";

    /// <summary>Status and error to answer with instead of data (a failing source).</summary>
    public (int Status, string Error)? Failure { get; set; }

    /// <summary>Where to send the client instead of answering (a 302 with this Location).</summary>
    public string? RedirectTo { get; set; }

    /// <summary>Bytes of padding added to a successful answer (an oversized one).</summary>
    public int Padding { get; set; }

    public ConcurrentQueue<(string Query, string? Authorization)> Requests { get; } = new();

    public void ContinueWait(int times) => _waitsLeft = times;

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
            var query = context.Request.QueryString["query"] ?? "";
            Requests.Enqueue((query, context.Request.Headers["Authorization"]));
            var (status, body) = Interlocked.Decrement(ref _waitsLeft) >= 0 ? (200, """{"error":"Continue wait"}""")
                : Failure is { } failure ? (failure.Status, $$"""{"error":"{{failure.Error}}"}""")
                : (200, $$"""{"query":{{query}},"data":{{Data}}}""");
            if (RedirectTo is { } location)
            {
                (status, body) = (302, "{}");
                context.Response.RedirectLocation = location;
            }
            else if (Padding > 0 && status == 200)
            {
                body = body.TrimEnd('}') + $$""","padding":"{{new string('x', Padding)}}"}""";
            }
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Close();
        return ValueTask.CompletedTask;
    }
}
