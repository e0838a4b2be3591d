using Hms.Doctors;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;

namespace Hms.Silo.Doctors;

public sealed class DoctorsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IDoctorReader, PostgresDoctorReader>();
        services.AddRowUpsert<DoctorRow>(DoctorUpserts.Doctor);
    }
}
