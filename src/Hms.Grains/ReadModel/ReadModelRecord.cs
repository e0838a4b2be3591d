using System.Collections.Immutable;

namespace Hms.ReadModel;

/// <summary>
/// A row a grain owes the read model. Grains keep these in their state (the outbox) and flush them
/// after the state write; every record is an idempotent upsert keyed by a stable id.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.Record")]
public abstract record class ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.AppointmentRow")]
public sealed record class AppointmentRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid DoctorId,
    [property: Id(3)] Guid PatientId,
    [property: Id(4)] DateOnly AppointmentDate,
    [property: Id(5)] TimeOnly StartTime,
    [property: Id(6)] TimeOnly EndTime,
    [property: Id(7)] int SlotDurationMinutes,
    [property: Id(8)] string Status,
    [property: Id(9)] DateTimeOffset SlotStartsAt,
    [property: Id(10)] DateTimeOffset? NoShowDueAt,
    [property: Id(11)] DateTimeOffset? CheckedInAt,
    [property: Id(12)] DateTimeOffset? VitalsRecordedAt,
    [property: Id(13)] string? Reason,
    [property: Id(14)] string? Notes,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset UpdatedAt,
    [property: Id(17)] long Version) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NoShowLogRow")]
public sealed record class NoShowLogRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] Guid AppointmentId,
    [property: Id(3)] Guid PatientId,
    [property: Id(4)] Guid DoctorId,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateOnly AppointmentDate,
    [property: Id(7)] string SlotTime,
    [property: Id(8)] int TimeoutMinutes,
    [property: Id(9)] DateTimeOffset TriggeredAt,
    [property: Id(10)] bool SlotReleased,
    [property: Id(11)] DateTimeOffset? SlotReleasedAt,
    [property: Id(12)] bool NotificationSent,
    [property: Id(13)] string? Notes,
    [property: Id(14)] string? CreatedBy) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PatientRow")]
public sealed record class PatientRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] string Mrn,
    [property: Id(5)] string? Phone,
    [property: Id(6)] string? Email,
    [property: Id(7)] string Status,
    [property: Id(8)] int NoShowCount,
    [property: Id(9)] DateTimeOffset? BlockedAt,
    [property: Id(10)] string? BlockedReason,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] long Version) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.DoctorRow")]
public sealed record class DoctorRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HospitalId,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] string? Specialization,
    [property: Id(5)] int SlotDurationMinutes,
    [property: Id(6)] int MaxPatientsPerDay,
    [property: Id(7)] bool IsAvailable,
    [property: Id(8)] bool IsActive,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset UpdatedAt,
    [property: Id(11)] long Version) : ReadModelRecord;

/// <summary>A stored notification: readable in-app by its recipient, delivered on its other channels.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.NotificationRow")]
public sealed record class NotificationRow(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string RecipientType,
    [property: Id(3)] string RecipientId,
    [property: Id(4)] string Type,
    [property: Id(5)] string Title,
    [property: Id(6)] string Message,
    [property: Id(7)] string Priority,
    [property: Id(8)] ImmutableArray<string> Channels,
    [property: Id(9)] ImmutableDictionary<string, string> Metadata,
    [property: Id(10)] DateTimeOffset CreatedAt) : ReadModelRecord;

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
