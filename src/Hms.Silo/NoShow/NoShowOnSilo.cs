using Hms.Jobs;
using Hms.NoShow;
using Hms.Retention;
using Hms.Silo.Hosting;
using Hms.Silo.Retention;

namespace Hms.Silo.NoShow;

public sealed class NoShowOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHistoryTable(new HistoryTable(HistoryClass.Logs, "no_show_logs", "hospital_id", "triggered_at"));
        services.AddHistoryTable(new HistoryTable(HistoryClass.Alerts, "stage_alerts", "hospital_id", "updated_at", "status = 'RESOLVED'"));
        services.AddSingleton<INoShowLogReader, PostgresNoShowLogReader>();
        services.AddSingleton<IStageAlertReader, PostgresStageAlertReader>();
        services.AddSingleton<IAppointmentDeadlineReader, PostgresAppointmentDeadlineReader>();
        services.AddKeyedSingleton<IBackupPass, NoShowReconcilePass>(NoShowCheck.ReconcilePass);
    }
}
