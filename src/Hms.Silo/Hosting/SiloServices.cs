using Hms.Appointments;
using Hms.Common;
using Hms.Deadlines;
using Hms.Doctors;
using Hms.KpiAlerts;
using Hms.Silo.KpiAlerts;
using Hms.PatientExperience;
using Hms.Patients;
using Hms.Silo.PatientExperience;
using Hms.Silo.Appointments;
using Hms.Notifications;
using Hms.Silo.Deadlines;
using Hms.Silo.Notifications;
using Hms.Silo.Doctors;
using Hms.Silo.Patients;
using Hms.NoShow;
using Hms.ReadModel;
using Hms.Silo.NoShow;
using Hms.Silo.ReadModel;
using Npgsql;

namespace Hms.Silo.Hosting;

/// <summary>What grains need from their host, whoever hosts them: the clock, the read model, deadline options.</summary>
public static class SiloServices
{
    public static IServiceCollection AddHmsGrainServices(this IServiceCollection services, IConfiguration configuration, NpgsqlDataSource database)
    {
        services.AddSingleton(database);
        services.AddKeyedSingleton(HmsClock.Key, TimeProvider.System);
        services.AddSingleton<IReadModelWriter, PostgresReadModelWriter>();
        services.AddSingleton<GrainServices>();
        services.AddSingleton<INoShowLogReader, PostgresNoShowLogReader>();
        services.AddSingleton<IStageAlertReader, PostgresStageAlertReader>();
        services.AddSingleton<IDeadlineReader, PostgresDeadlineReader>();
        services.AddSingleton<INotificationReader, PostgresNotificationReader>();
        services.AddNotificationSenders(configuration);
        services.AddSingleton<IAppointmentReader, PostgresAppointmentReader>();
        services.AddSingleton<IPatientReader, PostgresPatientReader>();
        services.AddSingleton<IDoctorReader, PostgresDoctorReader>();
        services.AddSingleton<IPxCaseReader, PostgresPxCaseReader>();
        services.AddSingleton<IKpiAlertReader, PostgresKpiAlertReader>();
        services.AddSingleton<IKpiValueStore>(sp => new PostgresKpiValueStore(database, sp.GetRequiredKeyedService<TimeProvider>(HmsClock.Key)));
        services.AddHttpClient(nameof(CubeKpiSource), http => http.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<CubeKpiSource>();
        services.Configure<CubeOptions>(configuration.GetSection(CubeOptions.Section));
        services.AddSingleton<IKpiSource, KpiSources>();
        services.Configure<DeadlineOptions>(configuration.GetSection(DeadlineOptions.Section));
        return services;
    }
}
