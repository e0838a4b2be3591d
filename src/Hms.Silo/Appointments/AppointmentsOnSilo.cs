using Hms.Appointments;
using Hms.Doctors;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;

namespace Hms.Silo.Appointments;

public sealed class AppointmentsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PostgresAppointmentReader>();
        services.AddSingleton<IAppointmentReader>(sp => sp.GetRequiredService<PostgresAppointmentReader>());
        services.AddSingleton<IDoctorBookings>(sp => sp.GetRequiredService<PostgresAppointmentReader>());
        services.AddSingleton<IReminderReplyReader>(sp => sp.GetRequiredService<PostgresAppointmentReader>());
        services.Configure<PatientLinkOptions>(configuration.GetSection(PatientLinkOptions.Section));
        services.AddSingleton<PatientLinkSigner>();
        services.AddRowUpsert<AppointmentRow>(AppointmentUpserts.Appointment);
        services.AddRowUpsert<StageAlertRow>(AppointmentUpserts.StageAlert);
        services.AddRowUpsert<NoShowLogRow>(AppointmentUpserts.NoShowLog);
        services.AddRowUpsert<NoShowNotificationSent>(AppointmentUpserts.NotificationSent);
    }
}
