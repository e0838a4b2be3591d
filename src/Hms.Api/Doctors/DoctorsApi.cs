using Hms.Api.Hosting;

namespace Hms.Api.Doctors;

public sealed class DoctorsApi : IApiCapability
{
    public void Map(WebApplication app) => app.MapDoctorEndpoints();
}
