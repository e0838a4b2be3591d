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
/// A kind of deadline the console shows: its stable code (the API's <c>{kind}</c>), the jobs its runs are
/// recorded under, the grain that owns it (from the owner key: an appointment, case, alert, reservation or
/// equipment id; a waitlist offer's doctor; a hotel's id) and the name of the reminder that grain holds for it.
/// </summary>
public sealed record OperatorDeadlineKind(string Code, ImmutableArray<JobName> Jobs, Func<IGrainFactory, string, IAddressable> Owner,
    Func<string, string> ReminderOf)
{
    /// <summary>The owner's tick, exactly as its reminder would deliver it (src/Hms.Silo/Deadlines/OverdueReminders.cs does the same).</summary>
    public Task TickAsync(IGrainFactory grains, OwnedDeadline deadline, TimeSpan period, DateTimeOffset now) =>
        Owner(grains, deadline.OwnerKey).AsReference<IRemindable>()
            .ReceiveReminder(ReminderOf(deadline.SubjectId), new TickStatus(deadline.DueAt.UtcDateTime, period, now.UtcDateTime));
}

/// <summary>
/// Every kind of deadline with a due instant the console can read: the read model's (the SQL side is
/// src/Hms.Silo/Operations/PostgresOperationsReader.cs) and a hotel's scheduled jobs (from their grain).
/// </summary>
public static class OperatorDeadlines
{
    public static readonly OperatorDeadlineKind NoShow = Of("NO_SHOW", AppointmentDeadlines.NoShow, (g, k) => g.GetGrain<IAppointmentGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind NoVitals = Of("NO_VITALS", AppointmentDeadlines.NoVitals, (g, k) => g.GetGrain<IAppointmentGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind NoDoctor = Of("NO_DOCTOR", AppointmentDeadlines.NoDoctor, (g, k) => g.GetGrain<IAppointmentGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind Waiting = Of("WAITING", AppointmentDeadlines.Waiting, (g, k) => g.GetGrain<IAppointmentGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind Reminder = Of("APPOINTMENT_REMINDER", AppointmentDeadlines.Reminder, (g, k) => g.GetGrain<IAppointmentGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind PxSla = Of("PX_SLA", PxCaseRules.SlaDue, (g, k) => g.GetGrain<IPxCaseGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind PxAtRisk = Of("PX_AT_RISK", PxCaseRules.AtRisk, (g, k) => g.GetGrain<IPxCaseGrain>(Guid.Parse(k)));

    /// <summary>An active alert's next run (a scheduled occurrence or a threshold evaluation); the tick handles whichever of its deadlines is due.</summary>
    public static readonly OperatorDeadlineKind KpiRun = Of("KPI_RUN", KpiAlertRules.Occurrence, (g, k) => g.GetGrain<IKpiAlertGrain>(Guid.Parse(k)))
        with { Jobs = [KpiAlertRules.Occurrence.Job, KpiAlertRules.Evaluate.Job] };

    public static readonly OperatorDeadlineKind HotelNoShow = Of("HOTEL_NO_SHOW", ReservationDeadlines.NoShow, (g, k) => g.GetGrain<IReservationGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind HoldRelease = Of("HOTEL_HOLD_RELEASE", ReservationDeadlines.Release, (g, k) => g.GetGrain<IReservationGrain>(Guid.Parse(k)));
    public static readonly OperatorDeadlineKind MaintenanceDue = Of("MAINTENANCE_DUE", EquipmentGrain.Due, (g, k) => g.GetGrain<IEquipmentGrain>(Guid.Parse(k)));

    /// <summary>An open waitlist offer's expiry; its subject is the offer, its owner the doctor's waitlist.</summary>
    public static readonly OperatorDeadlineKind WaitlistOffer = Of("WAITLIST_OFFER", WaitlistRules.OfferExpiry, (g, k) => g.GetGrain<IWaitlistGrain>(Guid.Parse(k)));

    /// <summary>A hotel's scheduled job (or its pending retry): the subject is the job's name, which is also its reminder's.</summary>
    public static readonly OperatorDeadlineKind HotelJob = new("HOTEL_JOB", HotelJobs.Scheduled, (g, k) => g.GetGrain<IHotelJobsGrain>(k), job => job);

    /// <summary>The kinds whose deadlines the read model keeps.</summary>
    public static readonly ImmutableArray<OperatorDeadlineKind> InReadModel =
        [NoShow, NoVitals, NoDoctor, Waiting, Reminder, PxSla, PxAtRisk, KpiRun, HotelNoShow, HoldRelease, MaintenanceDue, WaitlistOffer];

    public static readonly ImmutableArray<OperatorDeadlineKind> All = [.. InReadModel, HotelJob];

    /// <summary>The kind a code names, in any letter case; null for none.</summary>
    public static OperatorDeadlineKind? Find(string code) => All.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kind of a record's own deadline whose runs are recorded under <paramref name="job"/>; null for none (hotel jobs retry through their grain).</summary>
    public static OperatorDeadlineKind? OfJob(JobName job) => InReadModel.FirstOrDefault(k => k.Jobs.Contains(job));

    private static OperatorDeadlineKind Of(string code, DeadlineKind deadline, Func<IGrainFactory, string, IAddressable> owner) =>
        new(code, [deadline.Job], owner, _ => deadline.Name);
}

/// <summary>A pending deadline with the key of the grain that owns it.</summary>
public sealed record OwnedDeadline(string Kind, string SubjectId, string OwnerKey, DateTimeOffset DueAt);

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

    /// <summary>Whether the tenant is a registered hotel (so it has scheduled jobs).</summary>
    Task<bool> IsHotelAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's runs since <paramref name="since"/> per UTC hour (hours without runs left out).</summary>
    Task<ImmutableArray<RunHour>> HistoryAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The id of the tenant's newest execution of <paramref name="job"/> on <paramref name="subjectId"/> started at or after <paramref name="since"/>.</summary>
    Task<Guid?> LatestRunIdAsync(string tenantId, JobName job, string subjectId, DateTimeOffset since, CancellationToken cancellationToken = default);
}
