using Hms.Hotels;
using Hms.Jobs;
using Hms.Notifications;
using Hms.Retention;
using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;
using Hms.Silo.Retention;

namespace Hms.Silo.Hotels;

public sealed class HotelsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHistoryTable(new HistoryTable(HistoryClass.Logs, "hotel_no_shows", "hotel_id", "detected_at"));
        services.AddSingleton<IHotelReader, PostgresHotelReader>();
        services.AddSingleton<HotelStaffContacts>();
        services.AddSingleton<IRecipientDirectory>(sp => sp.GetRequiredService<HotelStaffContacts>());
        services.AddSingleton<ITenantAdmins>(sp => sp.GetRequiredService<HotelStaffContacts>());
        services.AddSingleton<IRecipientDirectory, GuestContacts>();
        services.AddRowUpsert<HotelRow>(HotelUpserts.Hotel);
        services.AddRowUpsert<ReservationRow>(HotelUpserts.Reservation);
        services.AddRowUpsert<NoShowRecordRow>(HotelUpserts.NoShow);
        services.AddRowUpsert<InvoiceRow>(HotelUpserts.Invoice);
        services.AddRowUpsert<AvailabilityRow>(HotelUpserts.Availability);
        services.AddRowUpsert<HousekeepingTaskRow>(HotelUpserts.Task);
        services.AddRowUpsert<EquipmentRow>(HotelUpserts.Equipment);
        services.AddRowUpsert<WorkOrderRow>(HotelUpserts.WorkOrder);
    }
}
