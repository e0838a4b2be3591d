using Hms.Jobs;
using Hms.PatientExperience;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;

namespace Hms.Silo.PatientExperience;

public sealed class PatientExperienceOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPxCaseReader, PostgresPxCaseReader>();
        services.AddKeyedSingleton<IBackupPass, PxSlaPass>(PxSla.Pass);
        services.AddRowUpsert<PxCaseRow>(PxCaseUpserts.PxCase);
        services.AddRowUpsert<PxCaseAuditRow>(PxCaseUpserts.Audit);
    }
}
