using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;

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
    Task<Page<StageAlertBoardItem>> List(StageAlertFilter filter, Caller caller);

    /// <summary>The appointment an alert belongs to, or null when the hospital has no such alert.</summary>
    [Alias("FindAppointment")]
    Task<Guid?> FindAppointment(Guid alertId, Caller caller);

    /// <summary>
    /// Alerts created or changed after <paramref name="since"/> (for the live feed), oldest change first,
    /// with the cursor to ask from next. Without <paramref name="since"/>: no alerts, and the cluster's "now".
    /// </summary>
    [Alias("ChangedSince")]
    Task<StageAlertChanges> ChangedSince(DateTimeOffset? since, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.StageAlertChanges")]
public sealed record class StageAlertChanges(
    [property: Id(0)] ImmutableArray<StageAlertBoardItem> Items,
    [property: Id(1)] DateTimeOffset Cursor);
