using System.Collections.Immutable;
using Hms.Common;

namespace Hms.PatientExperience;

/// <summary>
/// One patient-experience case and its SLA: the grain holds an <c>sla-due</c>
/// deadline at dueAt and an <c>sla-at-risk</c> warning before it, each a durable reminder of its own.
/// Keyed by the case id.
/// </summary>
[Alias("Hms.IPxCaseGrain")]
public interface IPxCaseGrain : IGrainWithGuidKey
{
    [Alias("Open")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor, Roles.Manager, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<PxCaseView> Open(OpenPxCase command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor, Roles.Manager, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<PxCaseView> Get(Caller caller);

    /// <summary>Changes fields and status (only sensible moves; 409 otherwise); a new dueAt re-arms the SLA.</summary>
    [Alias("Change")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor, Roles.Manager, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<PxCaseView> Change(ChangePxCase command, Caller caller);

    /// <summary>The case's audit trail, oldest first.</summary>
    [Alias("Audits")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor, Roles.Manager, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<ImmutableArray<PxCaseAudit>> Audits(Caller caller);

    /// <summary>
    /// For the SLA pass: escalates the case when it is overdue and may still climb, with
    /// <paramref name="actor"/> in its audit; otherwise says why it was skipped.
    /// </summary>
    [Alias("RunSla")]
    Task<SlaOutcome> RunSla(string tenantId, string actor, Hms.Jobs.RunSource source);
}

public enum PxCaseStatus
{
    OPEN,
    IN_PROGRESS,
    ESCALATED,
    RESOLVED,
    CLOSED,
}

public enum PxPriority
{
    LOW,
    MEDIUM,
    HIGH,
    URGENT,
}

/// <summary>What the SLA pass found at one case.</summary>
public enum SlaOutcome
{
    Escalated,
    /// <summary>Already ESCALATED, at the top level, inactive, closed or not yet due.</summary>
    Skipped,
}

[GenerateSerializer, Immutable, Alias("Hms.OpenPxCase")]
public sealed record class OpenPxCase(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] Guid? PatientId,
    [property: Id(3)] string Department,
    [property: Id(4)] string? AssigneeId,
    [property: Id(5)] PxPriority Priority,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] bool Active = true);

/// <summary>A PATCH: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("Hms.ChangePxCase")]
public sealed record class ChangePxCase(
    [property: Id(0)] string? Title = null,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] Guid? PatientId = null,
    [property: Id(3)] string? Department = null,
    [property: Id(4)] string? AssigneeId = null,
    [property: Id(5)] PxPriority? Priority = null,
    [property: Id(6)] PxCaseStatus? Status = null,
    [property: Id(7)] DateTimeOffset? DueAt = null,
    [property: Id(8)] bool? Active = null);

[GenerateSerializer, Immutable, Alias("Hms.PxCaseView")]
public sealed record class PxCaseView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Description,
    [property: Id(4)] Guid? PatientId,
    [property: Id(5)] string Department,
    [property: Id(6)] string? AssigneeId,
    [property: Id(7)] PxPriority Priority,
    [property: Id(8)] PxCaseStatus Status,
    [property: Id(9)] DateTimeOffset DueAt,
    [property: Id(10)] int EscalationLevel,
    [property: Id(11)] bool Active,
    // When the current SLA window began: creation, or the last change of dueAt or reopening.
    [property: Id(12)] DateTimeOffset SlaStartedAt,
    // The share of the window (percent) after which the case is at risk, captured when the window began.
    [property: Id(13)] int AtRiskPercent,
    // When the at-risk deadline of the current window was handled (warned, or passed over because the breach was due).
    [property: Id(14)] DateTimeOffset? AtRiskHandledAt,
    [property: Id(15)] DateTimeOffset? LastEscalatedAt,
    [property: Id(16)] DateTimeOffset CreatedAt,
    [property: Id(17)] string CreatedBy,
    [property: Id(18)] DateTimeOffset UpdatedAt,
    [property: Id(19)] DateTimeOffset? ResolvedAt,
    [property: Id(20)] DateTimeOffset? ClosedAt)
{
    /// <summary>SlaStartedAt + AtRiskPercent of the window to dueAt; null when the window is empty.</summary>
    public DateTimeOffset? AtRiskAt
    {
        get
        {
            var window = DueAt - SlaStartedAt;
            if (window <= TimeSpan.Zero)
            {
                return null;
            }
            var at = SlaStartedAt + TimeSpan.FromTicks(window.Ticks / 100 * AtRiskPercent);
            return at > SlaStartedAt && at < DueAt ? at : null;
        }
    }
}

/// <summary>One entry of a case's audit trail (also in the read model's px_case_audits).</summary>
[GenerateSerializer, Immutable, Alias("Hms.PxCaseAudit")]
public sealed record class PxCaseAudit(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid CaseId,
    [property: Id(2)] string TenantId,
    // "system" for deadlines and cron passes, the user's id otherwise.
    [property: Id(3)] string Actor,
    [property: Id(4)] string Action,
    [property: Id(5)] PxCaseStatus? FromStatus,
    [property: Id(6)] PxCaseStatus? ToStatus,
    [property: Id(7)] int? FromLevel,
    [property: Id(8)] int? ToLevel,
    [property: Id(9)] ImmutableArray<FieldChange> Changes,
    [property: Id(10)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("Hms.FieldChange")]
public sealed record class FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To);

/// <summary>Audit actions.</summary>
public static class PxAuditActions
{
    public const string Created = "CREATED";
    public const string Updated = "UPDATED";
    public const string StatusChanged = "STATUS_CHANGED";
    public const string Escalated = "ESCALATED";
    public const string AtRisk = "AT_RISK_WARNED";
}

/// <summary>Case lists from the read model.</summary>
[Alias("Hms.IPxCaseQueryGrain")]
public interface IPxCaseQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    [Allows(Roles.HospitalAdmin, Roles.Supervisor, Roles.Manager, Roles.Doctor, Roles.Nurse, Roles.Receptionist)]
    Task<Page<PxCaseView>> List(PxCaseFilter filter, Caller caller);
}

/// <summary>Overdue: dueAt has passed and the case is neither RESOLVED nor CLOSED.</summary>
[GenerateSerializer, Immutable, Alias("Hms.PxCaseFilter")]
public sealed record class PxCaseFilter(
    [property: Id(0)] PxCaseStatus? Status,
    [property: Id(1)] string? Department,
    [property: Id(2)] bool? Overdue,
    [property: Id(3)] string? AssigneeId,
    [property: Id(4)] PxPriority? Priority,
    [property: Id(5)] Paging Paging);

/// <summary>The cases' backup pass: an <see cref="Hms.Jobs.IBackupPassGrain"/> key.</summary>
public static class PxSla
{
    public const string Pass = "px-sla";
}
