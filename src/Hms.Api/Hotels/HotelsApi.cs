using Hms.Api.Hosting;

namespace Hms.Api.Hotels;

public sealed class HotelsApi : IApiCapability
{
    public void Map(WebApplication app)
    {
        app.MapHotelEndpoints();
        app.MapReservationEndpoints();
        app.MapOperationsEndpoints();
        app.MapHotelJobEndpoints(app.Configuration);
    }
}
