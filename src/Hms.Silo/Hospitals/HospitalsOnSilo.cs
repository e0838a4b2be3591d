using Hms.Hospitals;
using Hms.Jobs;
using Hms.Notifications;
using Hms.Silo.Hosting;

namespace Hms.Silo.Hospitals;

public sealed class HospitalsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StaffContacts>();
        services.AddSingleton<IRecipientDirectory>(sp => sp.GetRequiredService<StaffContacts>());
        services.AddSingleton<ITenantAdmins>(sp => sp.GetRequiredService<StaffContacts>());
    }
}
