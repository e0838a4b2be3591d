using Hms.Api.Hosting;

namespace Hms.Api.Patients;

public sealed class PatientsApi : IApiCapability
{
    public void Map(WebApplication app) => app.MapPatientEndpoints();
}
