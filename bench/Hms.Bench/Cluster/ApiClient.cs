using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hms.Bench.Cluster;

/// <summary>What the benchmark's API clients share: one pooled HTTP client, token-bearing requests, status checks.</summary>
public abstract class ApiClient(Uri address)
{
    protected HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromMinutes(2),
    };

    protected Task<HttpResponseMessage> SendAsync(AuthenticationHeaderValue token, HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = token;
        return Http.SendAsync(request);
    }

    protected static async Task<JsonElement> Expect(HttpStatusCode status, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
