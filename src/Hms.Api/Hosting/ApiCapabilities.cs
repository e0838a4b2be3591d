namespace Hms.Api.Hosting;

/// <summary>
/// A capability's routes. Every implementation in this assembly is found and mapped at start, so a
/// capability joins the API by adding its own class — no file of the core changes.
/// </summary>
public interface IApiCapability
{
    void Map(WebApplication app);
}

public static class ApiCapabilities
{
    public static void MapCapabilities(this WebApplication app)
    {
        var capabilities = typeof(ApiCapabilities).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IApiCapability)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var capability in capabilities)
        {
            ((IApiCapability)Activator.CreateInstance(capability)!).Map(app);
        }
    }
}
