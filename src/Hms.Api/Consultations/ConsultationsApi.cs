using Hms.Api.Hosting;

namespace Hms.Api.Consultations;

public sealed class ConsultationsApi : IApiCapability
{
    public void Map(WebApplication app) => app.MapConsultationEndpoints();
}
