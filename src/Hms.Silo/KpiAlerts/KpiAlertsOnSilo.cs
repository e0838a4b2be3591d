using Hms.Common;
using Hms.KpiAlerts;
using Hms.Notifications;
using Hms.Retention;
using Hms.Silo.Hosting;
using Hms.Silo.Http;
using Hms.Silo.Notifications;
using Hms.Silo.ReadModel;
using Hms.Silo.Retention;
using Npgsql;

namespace Hms.Silo.KpiAlerts;

public sealed class KpiAlertsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHistoryTable(new HistoryTable(HistoryClass.KpiRuns, "kpi_alert_runs", "tenant_id", "started_at"));
        services.AddSingleton<IKpiAlertReader, PostgresKpiAlertReader>();
        services.AddSingleton<IKpiValueStore>(sp => new PostgresKpiValueStore(sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredKeyedService<TimeProvider>(HmsClock.Key)));
        services.AddOutboundHttpClient(nameof(CubeKpiSource), TimeSpan.FromSeconds(15));
        services.AddSingleton<CubeKpiSource>();
        services.Configure<CubeOptions>(configuration.GetSection(CubeOptions.Section));
        services.AddSingleton<IKpiSource, KpiSources>();
        var smtp = (configuration.GetSection(NotificationOptions.Section).Get<SenderSettings>() ?? new SenderSettings()).Smtp;
        services.AddSingleton<IReportMailer>(sp => string.IsNullOrWhiteSpace(smtp.Host)
            ? new LogReportMailer(sp.GetRequiredService<ILogger<LogReportMailer>>())
            : new SmtpReportMailer(smtp));
        services.AddRowUpsert<KpiAlertRow>(KpiUpserts.Alert);
        services.AddRowUpsert<KpiAlertDeletedRow>(KpiUpserts.Deleted);
        services.AddRowUpsert<KpiRunRow>(KpiUpserts.Run);
    }
}
