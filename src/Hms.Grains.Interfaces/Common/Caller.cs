using System.Collections.Immutable;

namespace Hms.Common;

/// <summary>
/// Who is asking: the authenticated user, their tenant (hospital, organization or hotel) and roles.
/// The API builds it from the JWT and passes it to every grain call; grains check the tenant again.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.Caller")]
public sealed record class Caller(
    [property: Id(0)] string UserId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] ImmutableArray<string> Roles)
{
    /// <summary>The tenant of the system's work across every tenant (cron routes, the external trigger).</summary>
    public const string EveryTenant = "*";

    /// <summary>The system itself (deadline handlers, reconcile passes) acting inside a tenant.</summary>
    public static Caller System(string tenantId) => new("system", tenantId, [Hms.Common.Roles.System]);

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsInAnyRole(params ReadOnlySpan<string> roles)
    {
        foreach (var role in roles)
        {
            if (Roles.Contains(role))
            {
                return true;
            }
        }
        return false;
    }
}
