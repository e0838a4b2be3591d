using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hms.Tests.Infrastructure;

/// <summary>HS256 tokens signed with the test key, like a local identity provider would issue.</summary>
public static class Tokens
{
    public const string SigningKey = "hms-orleans-tests-signing-key-0123456789";

    public static string For(string tenantId, params string[] roles) => For(tenantId, "user-" + Guid.NewGuid().ToString("N")[..8], roles);

    public static string For(string tenantId, string subject, string[] roles, string? signingKey = null, DateTime? expires = null)
    {
        var claims = new List<Claim> { new("sub", subject), new("tenant_id", tenantId) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = "hms-orleans",
            Audience = "hms-api",
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
