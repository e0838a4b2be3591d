using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>An alert as the board shows it: with the patient's name and MRN and the doctor's name.</summary>
[GenerateSerializer, Immutable, Alias("Hms.StageAlertBoardItem")]
public sealed record class StageAlertBoardItem(
    [property: Id(0)] StageAlertView Alert,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid PatientId,
    [property: Id(3)] string PatientFirstName,
    [property: Id(4)] string PatientLastName,
    [property: Id(5)] string PatientMrn,
    [property: Id(6)] Guid DoctorId,
    [property: Id(7)] string DoctorFirstName,
    [property: Id(8)] string DoctorLastName,
    [property: Id(9)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("Hms.StageAlertFilter")]
public sealed record class StageAlertFilter(
    [property: Id(0)] StageAlertStatus? Status,
    [property: Id(1)] StageAlertType? Type,
    [property: Id(2)] Paging Paging);

/// <summary>The hospital's alert board, answered from the read model.</summary>
[Alias("Hms.IStageAlertQueryGrain")]
public interface IStageAlertQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<Page<StageAlertBoardItem>> List(StageAlertFilter filter, Caller caller);

    /// <summary>The appointment an alert belongs to, or null when the hospital has no such alert.</summary>
    [Alias("FindAppointment")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse)]
    Task<Guid?> FindAppointment(Guid alertId, Caller caller);

    /// <summary>Alerts created or changed after <paramref name="since"/>, oldest change first: the live feed's catch-up.</summary>
    [Alias("ChangedSince")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<ImmutableArray<StageAlertBoardItem>> ChangedSince(DateTimeOffset since, Caller caller);
}

/// <summary>
/// A hospital's live alert feed (key: the hospital id): told which alerts changed once their rows are
/// in the read model, it reads those rows once and pushes them to every subscribed observer — one per
/// API process, whatever the number of connected clients there. Subscriptions lapse unless renewed
/// (<see cref="SubscriptionLifetime"/>); a new <see cref="FeedSubscription.Epoch"/> tells a subscriber the
/// feed restarted and pushes may have been missed.
/// </summary>
[Alias("Hms.IStageAlertFeedGrain")]
public interface IStageAlertFeedGrain : IGrainWithStringKey
{
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);

    [Alias("Subscribe")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<FeedSubscription> Subscribe(IStageAlertObserver observer, Caller caller);

    [Alias("Unsubscribe")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task Unsubscribe(IStageAlertObserver observer, Caller caller);

    /// <summary>These alerts of the hospital were written to the read model.</summary>
    [OneWay, Alias("Changed")]
    Task Changed(ImmutableArray<Guid> alertIds);
}

[GenerateSerializer, Immutable, Alias("Hms.FeedSubscription")]
public sealed record class FeedSubscription([property: Id(0)] Guid Epoch);

/// <summary>Where a feed pushes alert changes (an API process).</summary>
[Alias("Hms.IStageAlertObserver")]
public interface IStageAlertObserver : IGrainObserver
{
    [OneWay, Alias("OnAlerts")]
    Task OnAlerts(Guid epoch, ImmutableArray<StageAlertBoardItem> items);
}
