using Hms.Common;
using Hms.Deadlines;
using Hms.Jobs;

namespace Hms.PatientExperience;

/// <summary>
/// The SLA of a patient-experience case as pure functions of the case: which deadlines it has, when
/// it is at risk, which status moves make sense.
/// </summary>
public static class PxCaseRules
{
    /// <summary>The highest escalation level; a case there is never escalated again.</summary>
    public const int TopLevel = 3;

    /// <summary>How far ahead a dueAt may be set.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(730);

    /// <summary>The SLA pass over overdue cases (the cases' backup pass, run by hand or a cron route).</summary>
    public static readonly JobName SlaRun = new("PX_SLA_RUN");

    /// <summary>The breach: dueAt passed on a case whose SLA runs.</summary>
    public static readonly DeadlineKind SlaDue = new("sla-due", new JobName("PX_SLA_DEADLINE"));

    /// <summary>The warning: the at-risk share of the SLA window has passed.</summary>
    public static readonly DeadlineKind AtRisk = new("sla-at-risk", new JobName("PX_AT_RISK_DEADLINE"));

    /// <summary>The SLA runs for an active OPEN or IN_PROGRESS case below the top level; ESCALATED cases wait for people.</summary>
    public static bool SlaRuns(PxCaseView c) =>
        c.Active && c.Status is PxCaseStatus.OPEN or PxCaseStatus.IN_PROGRESS && c.EscalationLevel < TopLevel;

    /// <summary>Overdue: the SLA runs and dueAt has passed.</summary>
    public static bool Overdue(PxCaseView c, DateTimeOffset now) => SlaRuns(c) && c.DueAt <= now;

    /// <summary>
    /// <c>sla-due</c> at dueAt while the SLA runs; <c>sla-at-risk</c> at the at-risk share of the
    /// window before it, until handled for the current window.
    /// </summary>
    public static DeadlineSet Deadlines(PxCaseView? c) =>
        c is null || !SlaRuns(c) ? DeadlineSet.None : DeadlineSet.Of((SlaDue, c.DueAt), (AtRisk, c.AtRiskHandledAt is null ? c.AtRiskAt : null));

    /// <summary>A dueAt a person sets: after now, and within <see cref="LongestWindow"/>.</summary>
    public static void EnsureDueAt(DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (dueAt <= now)
        {
            throw Errors.BadRequest("due_at_in_past", $"dueAt must be after now ({now:O}).");
        }
        if (dueAt > now + LongestWindow)
        {
            throw Errors.BadRequest("due_at_too_far", $"dueAt must be within {LongestWindow.TotalDays:0} days.");
        }
    }

    public static void EnsureAtRiskPercent(int percent)
    {
        if (percent is < 1 or > 99)
        {
            throw Errors.BadRequest("invalid_at_risk_percent", "atRiskPercent must be between 1 and 99.");
        }
    }

    /// <summary>
    /// OPEN ⇄ IN_PROGRESS; OPEN, IN_PROGRESS or ESCALATED → RESOLVED; ESCALATED or RESOLVED back to
    /// IN_PROGRESS; anything but CLOSED → CLOSED. ESCALATED is the SLA's to set; CLOSED is final.
    /// </summary>
    public static void EnsureCanMove(PxCaseStatus from, PxCaseStatus to)
    {
        if (from == PxCaseStatus.CLOSED)
        {
            throw Errors.Conflict("case_closed", "A CLOSED case does not change.");
        }
        if (to == PxCaseStatus.ESCALATED)
        {
            throw Errors.Conflict("invalid_status_transition", "Cases are ESCALATED by their SLA, not by hand.");
        }
        var allowed = (from, to) switch
        {
            (PxCaseStatus.OPEN, PxCaseStatus.IN_PROGRESS) or (PxCaseStatus.IN_PROGRESS, PxCaseStatus.OPEN) => true,
            (PxCaseStatus.OPEN or PxCaseStatus.IN_PROGRESS or PxCaseStatus.ESCALATED, PxCaseStatus.RESOLVED) => true,
            (PxCaseStatus.ESCALATED or PxCaseStatus.RESOLVED, PxCaseStatus.IN_PROGRESS) => true,
            (_, PxCaseStatus.CLOSED) => true,
            _ => false,
        };
        if (!allowed)
        {
            throw Errors.Conflict("invalid_status_transition", $"A {from} case cannot move to {to}.");
        }
    }

    /// <summary>Moving back to work from ESCALATED or RESOLVED starts a new SLA window.</summary>
    public static bool Reopens(PxCaseStatus from, PxCaseStatus to) =>
        from is PxCaseStatus.ESCALATED or PxCaseStatus.RESOLVED && to is PxCaseStatus.OPEN or PxCaseStatus.IN_PROGRESS;

    /// <summary>The breach: ESCALATED, one level up.</summary>
    public static PxCaseView Escalate(PxCaseView c, DateTimeOffset now) =>
        c with { Status = PxCaseStatus.ESCALATED, EscalationLevel = c.EscalationLevel + 1, LastEscalatedAt = now, UpdatedAt = now };
}
