using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Patients;

namespace Hms.Tests.Infrastructure;

/// <summary>A freshly registered hospital (its own tenant) with one doctor, for one test.</summary>
public sealed record TestHospital(string Id, TimeZoneInfo Zone, Caller Admin, DoctorView Doctor, IClusterClient Cluster)
{
    /// <summary>Every day of the week, 00:00–23:59, so any moment of the fake clock has slots.</summary>
    public static ImmutableArray<WeeklySchedule> AllDay =>
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklySchedule(d, new TimeOnly(0, 0), new TimeOnly(23, 59), null, null))];

    public static async Task<TestHospital> CreateAsync(IClusterClient cluster, string timeZone = "Europe/Berlin",
        int slotDuration = 15, HospitalSettings? settings = null, ImmutableArray<WeeklySchedule>? schedules = null, int maxPatientsPerDay = 200)
    {
        var id = "h-" + Guid.NewGuid().ToString("N")[..12];
        var admin = new Caller("admin-" + id, id, [Roles.HospitalAdmin, Roles.Receptionist]);
        await cluster.GetGrain<IHospitalGrain>(id).Register(new RegisterHospital("Test Hospital " + id, timeZone, settings), admin);
        var doctor = await cluster.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(
            new RegisterDoctor("Anagha", "Vijay", "General", slotDuration, maxPatientsPerDay, schedules ?? AllDay, "dr-" + id), admin);
        return new TestHospital(id, ZonedTime.Zone(timeZone), admin, doctor, cluster);
    }

    /// <summary>The user the doctor is linked to: a DOCTOR who may change this doctor's week.</summary>
    public Caller DoctorUser => new(Doctor.UserId!, Id, [Roles.Doctor]);

    public async Task<PatientView> PatientAsync(string firstName = "Roy", string lastName = "Anindya") =>
        await Cluster.GetGrain<IPatientGrain>(Guid.NewGuid()).Register(
            new RegisterPatient(firstName, lastName, "MRN-" + Guid.NewGuid().ToString("N")[..10], null, null, null), Admin);

    /// <summary>The start of the doctor's slot that contains <paramref name="at"/>, as local date and time.</summary>
    public (DateOnly Date, TimeOnly Start) SlotAt(DateTimeOffset at)
    {
        var local = ZonedTime.ToLocal(at, Zone);
        var minutes = (local.Hour * 60 + local.Minute) / Doctor.SlotDurationMinutes * Doctor.SlotDurationMinutes;
        return (DateOnly.FromDateTime(local), new TimeOnly(minutes / 60, minutes % 60));
    }

    public Task<AppointmentView> BookAsync(Guid patientId, DateOnly date, TimeOnly start) =>
        Cluster.GetGrain<IAppointmentGrain>(Guid.NewGuid())
            .Book(new BookAppointment(patientId, Doctor.Id, date, start, "Check-up"), Admin);

    public Task<AppointmentView> GetAsync(Guid appointmentId) =>
        Cluster.GetGrain<IAppointmentGrain>(appointmentId).Get(Admin);
}
