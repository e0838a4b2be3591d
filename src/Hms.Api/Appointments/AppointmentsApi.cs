using Hms.Api.Hosting;

namespace Hms.Api.Appointments;

public sealed class AppointmentsApi : IApiCapability
{
    public void Map(WebApplication app)
    {
        app.MapAppointmentEndpoints();
        app.MapReminderReplyEndpoints(app.Configuration);
    }
}
