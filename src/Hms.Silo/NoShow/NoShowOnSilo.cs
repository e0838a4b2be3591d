using Hms.Jobs;
using Hms.NoShow;
using Hms.Silo.Hosting;

namespace Hms.Silo.NoShow;

public sealed class NoShowOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<INoShowLogReader, PostgresNoShowLogReader>();
        services.AddSingleton<IStageAlertReader, PostgresStageAlertReader>();
        services.AddSingleton<IAppointmentDeadlineReader, PostgresAppointmentDeadlineReader>();
        services.AddKeyedSingleton<IBackupPass, NoShowReconcilePass>(NoShowCheck.ReconcilePass);
    }
}
