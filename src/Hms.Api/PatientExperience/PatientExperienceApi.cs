using Hms.Api.Hosting;

namespace Hms.Api.PatientExperience;

public sealed class PatientExperienceApi : IApiCapability
{
    public void Map(WebApplication app)
    {
        app.MapPxCaseEndpoints();
        app.MapPxSlaEndpoints(app.Configuration);
        app.MapPxSetupEndpoints();
    }
}
