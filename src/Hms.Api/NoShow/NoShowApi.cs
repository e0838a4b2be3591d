using Hms.Api.Hosting;

namespace Hms.Api.NoShow;

public sealed class NoShowApi : IApiCapability
{
    public void Map(WebApplication app) => app.MapNoShowEndpoints(app.Configuration);
}
