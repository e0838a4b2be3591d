using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Hms.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hms.Tests.WebConsole;

/// <summary>
/// A small OpenID Connect provider on loopback for the console's sign-in test: discovery, keys, an
/// authorization endpoint that signs in one preset user at once, and a token endpoint that checks the
/// PKCE verifier and the redirect address before it issues an RS256 access token.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();
    private WebApplication? _app;

    public string Authority { get; private set; } = "";

    /// <summary>Who signs in: their tenant and roles.</summary>
    public (string Tenant, string Subject, string[] Roles) User { get; set; } = ("", "oidc-user", []);

    /// <summary>Token requests refused, e.g. for a wrong PKCE verifier.</summary>
    public int Refused { get; private set; }

    public async Task StartAsync()
    {
        var port = Ports.Free();
        Authority = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Authority);
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*"; // the console calls from the API's origin
            return next();
        });
        var key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority, ["authorization_endpoint"] = $"{Authority}/authorize", ["token_endpoint"] = $"{Authority}/token",
            ["jwks_uri"] = $"{Authority}/jwks", ["response_types_supported"] = new[] { "code" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" }, ["subject_types_supported"] = new[] { "public" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Results.BadRequest();
            }
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (q["code_challenge"]!, q["redirect_uri"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var verifier = form["code_verifier"].ToString();
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
            if (!_codes.TryRemove(form["code"].ToString(), out var issued) || issued.Challenge != challenge || issued.RedirectUri != form["redirect_uri"])
            {
                Refused++;
                return Results.Json(new { error = "invalid_grant", error_description = "The code or its verifier is wrong." }, statusCode: 400);
            }
            var claims = new List<Claim> { new("sub", User.Subject), new("tenant_id", User.Tenant) };
            claims.AddRange(User.Roles.Select(r => new Claim("role", r)));
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = "hms-api", // the API's Auth:Audience (src/Hms.Api/appsettings.json)
                Subject = new ClaimsIdentity(claims),
                Expires = DateTime.UtcNow.AddMinutes(30),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 1800 });
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _rsa.Dispose();
    }
}
