using Hms.Api.Hosting;

namespace Hms.Api.Scheduling;

public sealed class SchedulingApi : IApiCapability
{
    public void Map(WebApplication app) => app.MapSlotEndpoints();
}
