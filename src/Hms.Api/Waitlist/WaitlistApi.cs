using Hms.Api.Hosting;

namespace Hms.Api.Waitlist;

public sealed class WaitlistApi : IApiCapability
{
    public void Map(WebApplication app) => app.MapWaitlistEndpoints();
}
