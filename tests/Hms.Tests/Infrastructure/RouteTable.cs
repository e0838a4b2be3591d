using System.Text.RegularExpressions;
using Hms.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hms.Tests.Infrastructure;

/// <summary>One route of the API as its endpoint table has it: method, pattern, who may call it.</summary>
public sealed record ApiRoute(string Method, string Pattern, bool Anonymous, IReadOnlySet<string>? AllowedRoles)
{
    public bool HasBody => Method is "POST" or "PUT" or "PATCH";

    /// <summary>The path with each route parameter filled in by <paramref name="value"/>(group, name).</summary>
    public string Path(Func<string, string, string> value)
    {
        var group = Regex.Match(Pattern, "^/api/(?:v1/)?([a-z-]+)").Groups[1].Value;
        return Regex.Replace(Pattern, @"\{(\w+)(:[^}]*)?\}", m => value(group, m.Groups[1].Value));
    }

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every route the API maps, read from its endpoint table, so security and bad-input tests cover
/// routes added later without anyone remembering to list them.
/// </summary>
public static class RouteTable
{
    public static IReadOnlyList<ApiRoute> Of(ApiFixture cluster)
    {
        var endpoints = cluster.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<ApiRoute>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue; // health, OpenAPI and docs pages
            }
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var roles = endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()
                .SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>())
                .Select(r => r.AllowedRoles.ToHashSet())
                .Aggregate((IReadOnlySet<string>?)null, (all, next) => all is null ? next : all.Intersect(next).ToHashSet());
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add(new ApiRoute(method, pattern, anonymous, roles));
            }
        }
        return routes.DistinctBy(r => r.ToString()).OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method).ToList();
    }

    /// <summary>A role that the route refuses, when it has one (SYSTEM is for machine callers, never in a user token).</summary>
    public static string? RefusedRole(ApiRoute route) =>
        route.AllowedRoles is { } allowed ? Roles.All.FirstOrDefault(r => !allowed.Contains(r) && r != Roles.System) : null;
}
