using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.Hotels;

/// <summary>
/// A hotel's scheduled back-office jobs, each a deadline of this grain at its next local time in the
/// hotel's zone; a failed run retries by its own deadline after 1, 5 and 15 minutes, then the hotel's
/// admins are told. Keyed by the hotel id.
/// </summary>
[Alias("Hms.IHotelJobsGrain")]
public interface IHotelJobsGrain : IGrainWithStringKey
{
    /// <summary>Arms the jobs of a newly registered hotel with their defaults; idempotent.</summary>
    [Alias("Start")]
    Task Start(string timeZone);

    [Alias("Jobs")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<ImmutableArray<HotelJobView>> Jobs(Caller caller);

    /// <summary>Switches a job on or off, or moves its local time (and weekday, or hours between runs).</summary>
    [Alias("Configure")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<HotelJobView> Configure(ConfigureHotelJob command, Caller caller);

    /// <summary>Runs a job for the hotel now (a person's trigger or a cron route as the system), recorded as its own execution.</summary>
    [Alias("Run")]
    [Allows(Roles.HotelAdmin, Roles.Manager)]
    Task<HotelJobOutcome> Run(JobName job, Caller caller, RunSource source);
}

/// <summary>The hotel's five jobs, and the per-record deadlines whose runs are recorded beside them.</summary>
public static class HotelJobs
{
    public static readonly JobName DailyHousekeeping = JobName.Named("daily-housekeeping");
    public static readonly JobName MaintenanceSchedule = JobName.Named("maintenance-schedule");
    public static readonly JobName CheckNoShows = JobName.Named("check-no-shows");
    public static readonly JobName RecalcAvailability = JobName.Named("recalc-availability");
    public static readonly JobName GenerateInvoices = JobName.Named("generate-invoices");

    /// <summary>A reservation's cut-off handled by its own deadline.</summary>
    public static readonly JobName ReservationNoShow = JobName.Named("reservation-no-show");

    /// <summary>A guaranteed no-show's nights released at the end of their hold.</summary>
    public static readonly JobName ReservationRelease = JobName.Named("reservation-release");

    /// <summary>An equipment item's maintenance due date handled by its own deadline.</summary>
    public static readonly JobName MaintenanceDue = JobName.Named("equipment-maintenance-due");

    public static readonly ImmutableArray<JobName> Scheduled =
        [DailyHousekeeping, MaintenanceSchedule, CheckNoShows, RecalcAvailability, GenerateInvoices];

    public static JobName? Find(string name) => Scheduled.FirstOrDefault(j => j.Name == name) is { Name: not null } job ? job : null;
}

/// <summary>
/// When a job runs: daily at <see cref="LocalTime"/>, weekly on <see cref="Weekday"/> too, or every
/// <see cref="EveryHours"/> hours of the local day from <see cref="LocalTime"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelJobSchedule")]
public sealed record class HotelJobSchedule(
    [property: Id(0)] JobName Job,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] TimeOnly LocalTime,
    [property: Id(3)] DayOfWeek? Weekday,
    [property: Id(4)] int? EveryHours);

[GenerateSerializer, Immutable, Alias("Hms.ConfigureHotelJob")]
public sealed record class ConfigureHotelJob(
    [property: Id(0)] JobName Job,
    [property: Id(1)] bool? Enabled,
    [property: Id(2)] TimeOnly? LocalTime,
    [property: Id(3)] DayOfWeek? Weekday,
    [property: Id(4)] int? EveryHours);

/// <summary>A job's schedule, its next run, its last run, and a retry when one is pending.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelJobView")]
public sealed record class HotelJobView(
    [property: Id(0)] HotelJobSchedule Schedule,
    [property: Id(1)] DateTimeOffset? NextRunAt,
    [property: Id(2)] Guid? LastRunId,
    [property: Id(3)] JobStatus? LastStatus,
    [property: Id(4)] DateTimeOffset? LastRunAt,
    [property: Id(5)] int? RetryAttempt,
    [property: Id(6)] DateTimeOffset? RetryAt);

/// <summary>One run: its execution id, how it ended, the job's result (JSON) or its error.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HotelJobOutcome")]
public sealed record class HotelJobOutcome(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] JobStatus Status,
    [property: Id(2)] string? Result,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset CompletedAt);
