using Hms.Api.Hosting;

namespace Hms.Api.Operations;

/// <summary>The operators' console routes (docs/operations.md, "Operator routes").</summary>
public sealed class OperationsApi : IApiCapability
{
    public void Map(WebApplication app)
    {
        app.MapDeadlineEndpoints();
        app.MapRunRetryEndpoints();
        app.MapNotificationRetryEndpoints();
    }
}
