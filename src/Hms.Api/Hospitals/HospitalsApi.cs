using Hms.Api.Hosting;

namespace Hms.Api.Hospitals;

public sealed class HospitalsApi : IApiCapability
{
    public void Map(WebApplication app)
    {
        app.MapHospitalEndpoints();
        app.MapStaffEndpoints();
    }
}
