using Hms.Common;
using Hms.Hospitals;
using Hms.Jobs;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.PatientExperience;

/// <summary>
/// A case's SLA: the at-risk warning and the escalation its deadlines apply, and the SLA pass's
/// escalation of a case its deadline could not escalate (<see cref="RunSla"/>) — with the department's
/// notifications, an audit and a job run each.
/// </summary>
public sealed partial class PxCaseGrain
{
    public async Task<SlaOutcome> RunSla(string tenantId, string actor, RunSource source)
    {
        if (State.Case is not { } current || current.TenantId != tenantId || !PxCaseRules.Overdue(current, Now))
        {
            return SlaOutcome.Skipped;
        }
        await EscalateAsync(current, actor, source);
        return SlaOutcome.Escalated;
    }

    /// <summary>The at-risk deadline: the department is warned, unless dueAt has passed meanwhile (the breach is handled next).</summary>
    private async Task WarnAsync(DateTimeOffset dueAt, RunSource source)
    {
        var current = State.Case!;
        var startedAt = Now;
        var handled = current with { AtRiskHandledAt = startedAt };
        var warn = startedAt < current.DueAt;
        List<ReadModelRecord> records = [];
        if (warn)
        {
            var (people, zone) = await AudienceAsync(current);
            records.AddRange(PxCaseNotices.OfRisk(current, people, zone, startedAt));
        }
        records.Add(JobRuns.Handled(new JobRunOf(PxCaseRules.AtRisk.Job, current.TenantId, source, Id.ToString()), dueAt, startedAt, Now,
            itemsProcessed: warn ? 1 : 0));
        await SaveChangeAsync(handled, warn ? Audit(current, SystemActor, PxAuditActions.AtRisk, null, null, null, null, []) : null, records);
        LogHandled(Id, PxCaseRules.AtRisk.Name, (startedAt - dueAt).TotalMilliseconds, source.Name);
    }

    /// <summary>ESCALATED, one level up, with its audit, the department's notifications and a job run.</summary>
    private async Task EscalateAsync(PxCaseView current, string actor, RunSource source)
    {
        var startedAt = Now;
        var escalated = PxCaseRules.Escalate(current, startedAt);
        var audit = Audit(current, actor, PxAuditActions.Escalated, current.Status, escalated.Status, current.EscalationLevel, escalated.EscalationLevel, []);
        var (people, zone) = await AudienceAsync(current);
        List<ReadModelRecord> records = [.. PxCaseNotices.OfEscalation(escalated, people, zone, startedAt)];
        records.Add(JobRuns.Handled(new JobRunOf(PxCaseRules.SlaDue.Job, current.TenantId, source, Id.ToString()), current.DueAt, startedAt, Now,
            itemsProcessed: 1));
        await SaveChangeAsync(escalated, audit, records);
        LogEscalated(Id, escalated.EscalationLevel, (startedAt - current.DueAt).TotalMilliseconds, source.Name, actor);
    }

    /// <summary>The department's members and the assignee (the hospital's admins and supervisors when that is nobody), and the hospital's zone for the times in their messages.</summary>
    private async Task<(IReadOnlyList<string> People, TimeZoneInfo Zone)> AudienceAsync(PxCaseView c)
    {
        var setup = await GrainFactory.GetGrain<IPatientExperienceGrain>(c.TenantId).Find();
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(c.TenantId).Find();
        var people = (setup.Department(c.Department)?.MemberIds ?? []).ToList();
        if (c.AssigneeId is { } assignee)
        {
            people.Add(assignee);
        }
        if (people.Count == 0)
        {
            people.AddRange(hospital?.Staff.Where(m => m.IsActive && m.Roles.Any(r => Roles.PatientExperienceLeads.Contains(r)))
                .Select(m => m.UserId) ?? []);
        }
        return ([.. people.Distinct()], hospital is null ? TimeZoneInfo.Utc : ZonedTime.Zone(hospital.TimeZone));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PX case {CaseId}: {Kind} deadline handled {LatenessMs} ms after its instant (source {Source})")]
    private partial void LogHandled(Guid caseId, string kind, double latenessMs, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "PX case {CaseId} escalated to level {Level} {LatenessMs} ms after dueAt (source {Source}, actor {Actor})")]
    private partial void LogEscalated(Guid caseId, int level, double latenessMs, string source, string actor);
}
