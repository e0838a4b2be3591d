using Hms.Appointments;
using Hms.Jobs;
using Hms.NoShow;
using Hms.Retention;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;
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
        // Alert rows in the read model go to the hospital's live feed (pushed to the API's SSE clients).
        services.AddRowsWritten<StageAlertRow>((sp, rows) =>
        {
            var grains = sp.GetRequiredService<IGrainFactory>();
            foreach (var hospital in rows.GroupBy(r => r.HospitalId))
            {
                _ = grains.GetGrain<IStageAlertFeedGrain>(hospital.Key).Changed([.. hospital.Select(r => r.Alert.Id).Distinct()]);
            }
        });
        services.AddSingleton<IAppointmentDeadlineReader, PostgresAppointmentDeadlineReader>();
        services.AddKeyedSingleton<IBackupPass, NoShowReconcilePass>(NoShowCheck.ReconcilePass);
    }
}
