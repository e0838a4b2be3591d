using System.Collections.Immutable;
using Hms.Deadlines;
using Hms.ReadModel;

namespace Hms.Appointments;

/// <summary>An appointment as lists show it, with its pending deadlines by kind (for the reconcile pass and health).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.AppointmentRow")]
public sealed record class AppointmentRow(
    [property: Id(0)] AppointmentView Appointment,
    [property: Id(1)] ImmutableDictionary<string, DateTimeOffset> Pending,
    [property: Id(2)] long Version) : ReadModelRecord, IShowsDeadlines
{
    public AppointmentRow(AppointmentView appointment, long version) : this(appointment, ImmutableDictionary<string, DateTimeOffset>.Empty, version)
    {
    }

    public ReadModelRecord WithDeadlines(ImmutableDictionary<string, DateTimeOffset> pending) => this with { Pending = pending };
}

/// <summary>A stage alert on the hospital's board.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.StageAlertRow")]
public sealed record class StageAlertRow(
    [property: Id(0)] StageAlertView Alert,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid PatientId,
    [property: Id(3)] Guid DoctorId,
    [property: Id(4)] DateTimeOffset UpdatedAt) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NoShowLogRow")]
public sealed record class NoShowLogRow([property: Id(0)] NoShowLogView Log) : ReadModelRecord;

/// <summary>The patient's NO_SHOW notification went out on all its channels: the log's notificationSent becomes true.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NoShowNotificationSent")]
public sealed record class NoShowNotificationSent([property: Id(0)] Guid NoShowLogId) : ReadModelRecord;
