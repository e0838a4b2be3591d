using Hms.Api.Hosting;

namespace Hms.Api.KpiAlerts;

public sealed class KpiAlertsApi : IApiCapability
{
    public void Map(WebApplication app)
    {
        app.MapKpiAlertEndpoints();
        app.MapKpiValueEndpoints();
    }
}
