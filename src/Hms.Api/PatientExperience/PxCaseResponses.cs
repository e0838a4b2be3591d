using Hms.PatientExperience;

namespace Hms.Api.PatientExperience;

public sealed record PxCaseResponse(Guid Id, string Title, string? Description, Guid? PatientId, string Department, string? AssigneeId,
    string Priority, string Status, DateTimeOffset DueAt, int EscalationLevel, bool Active, DateTimeOffset SlaStartedAt,
    int AtRiskPercent, DateTimeOffset? AtRiskAt, DateTimeOffset? AtRiskHandledAt, DateTimeOffset? LastEscalatedAt,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt)
{
    public static PxCaseResponse From(PxCaseView c) => new(c.Id, c.Title, c.Description, c.PatientId, c.Department, c.AssigneeId,
        c.Priority.ToString(), c.Status.ToString(), c.DueAt, c.EscalationLevel, c.Active, c.SlaStartedAt, c.AtRiskPercent,
        c.AtRiskAt, c.AtRiskHandledAt, c.LastEscalatedAt, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.ResolvedAt, c.ClosedAt);
}

public sealed record FieldChangeResponse(string Field, string? From, string? To);

public sealed record PxCaseAuditResponse(Guid Id, Guid CaseId, string Actor, string Action, string? FromStatus, string? ToStatus,
    int? FromLevel, int? ToLevel, IReadOnlyList<FieldChangeResponse> Changes, DateTimeOffset CreatedAt)
{
    public static PxCaseAuditResponse From(PxCaseAudit a) => new(a.Id, a.CaseId, a.Actor, a.Action, a.FromStatus?.ToString(),
        a.ToStatus?.ToString(), a.FromLevel, a.ToLevel, [.. a.Changes.Select(c => new FieldChangeResponse(c.Field, c.From, c.To))], a.At);
}
