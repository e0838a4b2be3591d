using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Deadlines;
using Hms.Hotels;
using Hms.Jobs;
using Hms.KpiAlerts;
using Hms.PatientExperience;
using Hms.Waitlist;

namespace Hms.Operations;

/// <summary>
/// A kind of deadline the console shows: its stable code (the API's <c>{kind}</c>), the reminder the owning
/// grain holds for it, the jobs its runs are recorded under, and how the owning grain is reached from the
/// key the read model gives (the appointment, case, alert, reservation or equipment id; a waitlist offer's doctor).
/// </summary>
public sealed record OperatorDeadlineKind(string Code, DeadlineKind Deadline, ImmutableArray<JobName> Jobs, Func<IGrainFactory, Guid, IAddressable> Owner)
{
    /// <summary>The owner's tick, exactly as its reminder would deliver it (src/Hms.Silo/Deadlines/OverdueReminders.cs does the same).</summary>
    public Task TickAsync(IGrainFactory grains, Guid ownerKey, DateTimeOffset dueAt, TimeSpan period, DateTimeOffset now) =>
        Owner(grains, ownerKey).AsReference<IRemindable>()
            .ReceiveReminder(Deadline.Name, new TickStatus(dueAt.UtcDateTime, period, now.UtcDateTime));
}

/// <summary>Every kind of deadline the read model stores with its due instant (the SQL side is src/Hms.Silo/Operations/PostgresOperationsReader.cs).</summary>
public static class OperatorDeadlines
{
    public static readonly OperatorDeadlineKind NoShow = Appointment("NO_SHOW", AppointmentDeadlines.NoShow);
    public static readonly OperatorDeadlineKind NoVitals = Appointment("NO_VITALS", AppointmentDeadlines.NoVitals);
    public static readonly OperatorDeadlineKind NoDoctor = Appointment("NO_DOCTOR", AppointmentDeadlines.NoDoctor);
    public static readonly OperatorDeadlineKind Waiting = Appointment("WAITING", AppointmentDeadlines.Waiting);
    public static readonly OperatorDeadlineKind Reminder = Appointment("APPOINTMENT_REMINDER", AppointmentDeadlines.Reminder);

    public static readonly OperatorDeadlineKind PxSla = new("PX_SLA", PxCaseRules.SlaDue, [PxCaseRules.SlaDue.Job],
        (grains, key) => grains.GetGrain<IPxCaseGrain>(key));

    public static readonly OperatorDeadlineKind PxAtRisk = new("PX_AT_RISK", PxCaseRules.AtRisk, [PxCaseRules.AtRisk.Job],
        (grains, key) => grains.GetGrain<IPxCaseGrain>(key));

    /// <summary>An active alert's next run (a scheduled occurrence or a threshold evaluation); the tick handles whichever of its deadlines is due.</summary>
    public static readonly OperatorDeadlineKind KpiRun = new("KPI_RUN", KpiAlertRules.Occurrence,
        [KpiAlertRules.Occurrence.Job, KpiAlertRules.Evaluate.Job], (grains, key) => grains.GetGrain<IKpiAlertGrain>(key));

    public static readonly OperatorDeadlineKind HotelNoShow = new("HOTEL_NO_SHOW", ReservationDeadlines.NoShow, [ReservationDeadlines.NoShow.Job],
        (grains, key) => grains.GetGrain<IReservationGrain>(key));

    public static readonly OperatorDeadlineKind HoldRelease = new("HOTEL_HOLD_RELEASE", ReservationDeadlines.Release, [ReservationDeadlines.Release.Job],
        (grains, key) => grains.GetGrain<IReservationGrain>(key));

    public static readonly OperatorDeadlineKind MaintenanceDue = new("MAINTENANCE_DUE", EquipmentGrain.Due, [EquipmentGrain.Due.Job],
        (grains, key) => grains.GetGrain<IEquipmentGrain>(key));

    /// <summary>An open waitlist offer's expiry; its subject is the offer, its owner the doctor's waitlist.</summary>
    public static readonly OperatorDeadlineKind WaitlistOffer = new("WAITLIST_OFFER", WaitlistRules.OfferExpiry, [WaitlistRules.OfferExpiry.Job],
        (grains, key) => grains.GetGrain<IWaitlistGrain>(key));

    public static readonly ImmutableArray<OperatorDeadlineKind> All =
        [NoShow, NoVitals, NoDoctor, Waiting, Reminder, PxSla, PxAtRisk, KpiRun, HotelNoShow, HoldRelease, MaintenanceDue, WaitlistOffer];

    /// <summary>The kind a code names, in any letter case; null for none.</summary>
    public static OperatorDeadlineKind? Find(string code) => All.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kind whose runs are recorded under <paramref name="job"/>; null for none.</summary>
    public static OperatorDeadlineKind? OfJob(JobName job) => All.FirstOrDefault(k => k.Jobs.Contains(job));

    private static OperatorDeadlineKind Appointment(string code, DeadlineKind deadline) =>
        new(code, deadline, [deadline.Job], (grains, key) => grains.GetGrain<IAppointmentGrain>(key));
}

/// <summary>A pending deadline as the read model holds it, with the key of the grain that owns it.</summary>
public sealed record OwnedDeadline(string Kind, Guid SubjectId, Guid OwnerKey, DateTimeOffset DueAt);

/// <summary>Counts of one kind's pending deadlines at an instant.</summary>
public sealed record DeadlineCounts(string Kind, int Pending, int DueNextHour, int Overdue);

/// <summary>Port: the operators' reads of one tenant's read model.</summary>
public interface IOperationsReader
{
    /// <summary>Per kind: pending, due in (now, now + 1 h], and due before <paramref name="overdueBefore"/>.</summary>
    Task<ImmutableArray<DeadlineCounts>> CountAsync(string tenantId, DateTimeOffset now, DateTimeOffset overdueBefore, CancellationToken cancellationToken = default);

    /// <summary>Deadlines due before <paramref name="overdueBefore"/>, earliest first, at most <paramref name="limit"/>.</summary>
    Task<ImmutableArray<OwnedDeadline>> OverdueAsync(string tenantId, DateTimeOffset overdueBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>The pending deadline of a kind on one record of the tenant; null when it holds none.</summary>
    Task<OwnedDeadline?> FindAsync(string tenantId, string kind, Guid subjectId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's runs since <paramref name="since"/> per UTC hour (hours without runs left out).</summary>
    Task<ImmutableArray<RunHour>> HistoryAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The id of the tenant's newest execution of <paramref name="job"/> on <paramref name="subjectId"/> started at or after <paramref name="since"/>.</summary>
    Task<Guid?> LatestRunIdAsync(string tenantId, JobName job, string subjectId, DateTimeOffset since, CancellationToken cancellationToken = default);
}
