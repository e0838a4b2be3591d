using Hms.Jobs;
using Hms.PatientExperience;
using Hms.Retention;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;
using Hms.Silo.Retention;

namespace Hms.Silo.PatientExperience;

public sealed class PatientExperienceOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHistoryTable(new HistoryTable(HistoryClass.Audits, "px_case_audits", "tenant_id", "created_at"));
        services.AddSingleton<IPxCaseReader, PostgresPxCaseReader>();
        services.AddKeyedSingleton<IBackupPass, PxSlaPass>(PxSla.Pass);
        services.AddRowUpsert<PxCaseRow>(PxCaseUpserts.PxCase);
        services.AddRowUpsert<PxCaseAuditRow>(PxCaseUpserts.Audit);
    }
}
