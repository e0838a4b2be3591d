using Hms.Notifications;
using Hms.Patients;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;

namespace Hms.Silo.Patients;

public sealed class PatientsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPatientReader, PostgresPatientReader>();
        services.AddSingleton<IRecipientDirectory, PatientContacts>();
        services.AddRowUpsert<PatientRow>(PatientUpserts.Patient);
    }
}
