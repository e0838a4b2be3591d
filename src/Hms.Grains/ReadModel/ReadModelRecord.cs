using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Doctors;
using Hms.KpiAlerts;
using Hms.NoShow;
using Hms.Notifications;
using Hms.PatientExperience;
using Hms.Patients;

namespace Hms.ReadModel;

/// <summary>
/// A row a grain owes the read model. Grains keep these in their state (the outbox) and flush them
/// after the state write; every record is an idempotent upsert keyed by a stable id.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.Record")]
public abstract record class ReadModelRecord;

/// <summary>An appointment as lists show it, with its pending deadlines by kind (for the reconcile pass).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.AppointmentRow")]
public sealed record class AppointmentRow(
    [property: Id(0)] AppointmentView Appointment,
    [property: Id(1)] ImmutableDictionary<string, DateTimeOffset> Pending,
    [property: Id(2)] long Version) : ReadModelRecord;

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

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PatientRow")]
public sealed record class PatientRow(
    [property: Id(0)] PatientView Patient,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] long Version) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.DoctorRow")]
public sealed record class DoctorRow(
    [property: Id(0)] DoctorView Doctor,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] long Version) : ReadModelRecord;

/// <summary>
/// A stored notification: readable in-app by its recipient at once. Saving one also hands it to its
/// <see cref="Notifications.INotificationGrain"/>, which delivers the other channels.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NotificationRow")]
public sealed record class NotificationRow([property: Id(0)] NotificationMessage Message) : ReadModelRecord
{
    public NotificationRow(Guid id, string tenantId, string recipientType, string recipientId, string type, string title,
        string message, string priority, ImmutableArray<string> channels, ImmutableDictionary<string, string> metadata,
        DateTimeOffset createdAt)
        : this(new NotificationMessage(id, tenantId, recipientType, recipientId, type, title, message, priority, channels, metadata, createdAt))
    {
    }
}

/// <summary>Where a notification's delivery stands (written by its grain).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NotificationDeliveryRow")]
public sealed record class NotificationDeliveryRow([property: Id(0)] NotificationView Notification) : ReadModelRecord;

/// <summary>The patient's NO_SHOW notification went out on all its channels: the log's notificationSent becomes true.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NoShowNotificationSent")]
public sealed record class NoShowNotificationSent([property: Id(0)] Guid NoShowLogId) : ReadModelRecord;

/// <summary>One execution of a time-driven job: a deadline handled, or a reconcile pass.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.JobRunRow")]
public sealed record class JobRunRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string JobName,
    [property: Id(2)] string TenantId,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? CompletedAt,
    [property: Id(6)] long DurationMs,
    [property: Id(7)] int ItemsProcessed,
    [property: Id(8)] string? ErrorMessage,
    [property: Id(9)] string Source,
    [property: Id(10)] string? SubjectId,
    [property: Id(11)] DateTimeOffset? DueAt,
    [property: Id(12)] double? LatenessMs) : ReadModelRecord;

/// <summary>A patient-experience case as lists show it, with its pending SLA deadlines (for the SLA pass and health).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PxCaseRow")]
public sealed record class PxCaseRow(
    [property: Id(0)] PxCaseView Case,
    [property: Id(1)] ImmutableDictionary<string, DateTimeOffset> Pending,
    [property: Id(2)] long Version) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PxCaseAuditRow")]
public sealed record class PxCaseAuditRow([property: Id(0)] PxCaseAudit Audit) : ReadModelRecord;

/// <summary>A KPI alert as lists show it (its source token masked).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.KpiAlertRow")]
public sealed record class KpiAlertRow([property: Id(0)] KpiAlertView Alert, [property: Id(1)] long Version) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.KpiAlertDeletedRow")]
public sealed record class KpiAlertDeletedRow([property: Id(0)] Guid AlertId) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.KpiRunRow")]
public sealed record class KpiRunRow([property: Id(0)] KpiRun Run) : ReadModelRecord;
