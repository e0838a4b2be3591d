using Hms.Api.Auth;
using Hms.Api.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Hms.Api.WebConsole;

/// <summary>
/// The staff and operator console at <c>/console</c>: static pages and modules from <c>WebConsole/wwwroot</c>
/// (copied next to the API's assembly), no build step. The pages are public; everything they show comes
/// from the API's own routes with the signed-in user's token, so they never see more than the token allows.
/// </summary>
public sealed class ConsoleApi : IApiCapability
{
    public const string Path = "/console";

    /// <summary>Scripts, styles and data only from this origin (and the identity provider's for sign-in); no inline script.</summary>
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{0}; " +
        "base-uri 'none'; form-action 'self'{0}; frame-ancestors 'none'";

    public void Map(WebApplication app)
    {
        var files = new PhysicalFileProvider(System.IO.Path.Combine(AppContext.BaseDirectory, "WebConsole", "wwwroot"));
        var settings = ConsoleSettings.From(app.Configuration, app.Services.GetRequiredService<AuthSettings>());
        var policy = string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy,
            settings.Authority is { } authority ? " " + new Uri(authority).GetLeftPart(UriPartial.Authority) : "");
        var types = new FileExtensionContentTypeProvider();

        var group = app.MapGroup(Path).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/", (HttpContext context) => Serve(context, files, types, policy, "index.html"));
        group.MapGet("/config.json", () => TypedResults.Ok(settings));
        group.MapGet("/{**file}", (string file, HttpContext context) => Serve(context, files, types, policy, file));
    }

    private static IResult Serve(HttpContext context, IFileProvider files, FileExtensionContentTypeProvider types, string policy, string path)
    {
        var file = files.GetFileInfo(path); // the provider refuses paths that leave its folder
        if (!file.Exists || file.IsDirectory || !types.TryGetContentType(file.Name, out var type))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not Found", detail: "No such console page.",
                extensions: new Dictionary<string, object?> { ["code"] = "not_found" });
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache"; // revalidated on each load, so a new release is picked up at once
        return TypedResults.File(file.CreateReadStream(), type, lastModified: file.LastModified, entityTag: null);
    }
}

/// <summary>
/// What the console's sign-in needs: the identity provider for an OIDC redirect (<c>Auth:Authority</c>,
/// <c>Console:ClientId</c>, <c>Console:Scope</c>), whether development tokens are on, and where the Orleans
/// dashboard is (<c>Console:DashboardUrl</c>).
/// </summary>
public sealed record ConsoleSettings(string? Authority, string ClientId, string Scope, bool DevTokens, string? DashboardUrl)
{
    public static ConsoleSettings From(IConfiguration configuration, AuthSettings auth) => new(
        auth.Authority,
        configuration["Console:ClientId"] ?? "hms-console",
        configuration["Console:Scope"] ?? "openid profile",
        auth.DevTokens && auth.SigningKey is not null,
        configuration["Console:DashboardUrl"]);
}
