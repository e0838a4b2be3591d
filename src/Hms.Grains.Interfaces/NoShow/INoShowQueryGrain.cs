using Hms.Appointments;
using Hms.Common;

namespace Hms.NoShow;

/// <summary>Reads of NO_SHOW history across appointments, answered from the read model.</summary>
[Alias("Hms.INoShowQueryGrain")]
public interface INoShowQueryGrain : IGrainWithIntegerKey
{
    [Alias("GetLogs")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Receptionist)]
    Task<Page<NoShowLogView>> GetLogs(NoShowLogFilter filter, Caller caller);

    /// <summary>NO_SHOW rate over the appointments whose time has passed, by reason and by doctor, for a date range (default: the last 30 days).</summary>
    [Alias("GetStats")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<NoShowStats> GetStats(DateOnly? from, DateOnly? to, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.DoctorNoShowStats")]
public sealed record class DoctorNoShowStats(
    [property: Id(0)] Guid DoctorId,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] int Appointments,
    [property: Id(4)] int NoShows,
    [property: Id(5)] double NoShowRate,
    [property: Id(6)] NoShowPrevention Prevention);

/// <summary>
/// What reminders and the waitlist did over the period: reminders sent for its appointments; appointments the
/// patient confirmed or cancelled from a reminder; the NO_SHOW rate (over appointments whose time has passed) of
/// those reminded before their slot and of those not; slots booked from a waitlist offer and the clinic minutes
/// they recovered (refilled appointments not since cancelled or missed).
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.NoShowPrevention")]
public sealed record class NoShowPrevention(
    [property: Id(0)] int RemindersSent,
    [property: Id(1)] int Confirmed,
    [property: Id(2)] int CancelledByReminder,
    [property: Id(3)] int RemindedAppointments,
    [property: Id(4)] int RemindedNoShows,
    [property: Id(5)] double RemindedNoShowRate,
    [property: Id(6)] int NotRemindedAppointments,
    [property: Id(7)] int NotRemindedNoShows,
    [property: Id(8)] double NotRemindedNoShowRate,
    [property: Id(9)] int SlotsRefilled,
    [property: Id(10)] int MinutesRecovered)
{
    public static NoShowPrevention Sum(IEnumerable<NoShowPrevention> parts)
    {
        var all = parts.ToList();
        int Total(Func<NoShowPrevention, int> f) => all.Sum(f);
        return Of(Total(p => p.RemindersSent), Total(p => p.Confirmed), Total(p => p.CancelledByReminder),
            Total(p => p.RemindedAppointments), Total(p => p.RemindedNoShows), Total(p => p.NotRemindedAppointments),
            Total(p => p.NotRemindedNoShows), Total(p => p.SlotsRefilled), Total(p => p.MinutesRecovered));
    }

    public static NoShowPrevention Of(int sent, int confirmed, int cancelled, int reminded, int remindedNoShows, int notReminded,
        int notRemindedNoShows, int refilled, int minutes) =>
        new(sent, confirmed, cancelled, reminded, remindedNoShows, NoShowRates.Percent(remindedNoShows, reminded),
            notReminded, notRemindedNoShows, NoShowRates.Percent(notRemindedNoShows, notReminded), refilled, minutes);
}

public static class NoShowRates
{
    /// <summary>A percentage with one decimal, 0 when nothing counted.</summary>
    public static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);
}

[GenerateSerializer, Immutable, Alias("Hms.NoShowStats")]
public sealed record class NoShowStats(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateOnly To,
    [property: Id(2)] int Appointments,
    [property: Id(3)] int NoShows,
    [property: Id(4)] double NoShowRate,
    [property: Id(5)] System.Collections.Immutable.ImmutableDictionary<NoShowReason, int> ByReason,
    [property: Id(6)] System.Collections.Immutable.ImmutableArray<DoctorNoShowStats> ByDoctor,
    [property: Id(7)] NoShowPrevention Prevention);

[GenerateSerializer, Immutable, Alias("Hms.NoShowLogFilter")]
public sealed record class NoShowLogFilter(
    [property: Id(0)] DateOnly? From,
    [property: Id(1)] DateOnly? To,
    [property: Id(2)] Guid? DoctorId,
    [property: Id(3)] Guid? PatientId,
    [property: Id(4)] NoShowReason? Reason,
    [property: Id(5)] Paging Paging);
