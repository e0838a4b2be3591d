using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;
using Hms.Deadlines;
using Hms.Hospitals;
using Hms.Patients;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.PatientExperience;

/// <summary>
/// One patient-experience case with its SLA as deadlines of its own instead of a 15-minute sweep:
/// <c>sla-due</c> at dueAt escalates it (ESCALATED, level + 1, audit, department notified),
/// <c>sla-at-risk</c> warns the department before. Both follow from the case's state
/// (<see cref="PxCaseRules.Deadlines"/>), so a new dueAt or a reopening re-arms them and a status
/// that stops the SLA disarms them.
/// </summary>
public sealed partial class PxCaseGrain(
    [PersistentState("pxCase", StoreNames.Hms)] IPersistentState<PxCaseState> state,
    GrainServices services,
    ILogger<PxCaseGrain> logger)
    : DeadlineGrain<PxCaseState>(state, services, logger), IPxCaseGrain
{
    public const string SystemActor = "system";

    private DeadlineTable? _table;

    private Guid Id => this.GetPrimaryKey();

    protected override DeadlineTable Table => _table ??= new DeadlineTable()
        .On(PxCaseRules.SlaDue, (_, source) => EscalateAsync(State.Case!, SystemActor, source))
        .On(PxCaseRules.AtRisk, WarnAsync);

    protected override string? TenantId => State.Case?.TenantId;

    protected override DeadlineSet DeadlinesOf(PxCaseState state) => PxCaseRules.Deadlines(state.Case);

    public async Task<PxCaseView> Open(OpenPxCase command, Caller caller)
    {
        if (State.Case is not null)
        {
            throw Errors.Conflict("case_exists", "This case already exists.");
        }
        PxCaseRules.EnsureDueAt(command.DueAt, Now);
        var setup = await GrainFactory.GetGrain<IPatientExperienceGrain>(caller.TenantId).Find();
        var department = CheckDepartment(setup, command.Department);
        await CheckPatientAsync(command.PatientId, caller.TenantId);
        await CheckAssigneeAsync(command.AssigneeId, caller.TenantId);
        var opened = new PxCaseView(Id, caller.TenantId, command.Title, command.Description, command.PatientId, department,
            command.AssigneeId, command.Priority, PxCaseStatus.OPEN, command.DueAt, EscalationLevel: 0, command.Active,
            SlaStartedAt: Now, setup.Settings.AtRiskPercent, AtRiskHandledAt: null, LastEscalatedAt: null, Now, caller.UserId, Now,
            ResolvedAt: null, ClosedAt: null);
        await SaveChangeAsync(opened, Audit(opened, caller.UserId, PxAuditActions.Created, null, PxCaseStatus.OPEN, null, 0, []), [], commit: true);
        return State.Case!;
    }

    public Task<PxCaseView> Get(Caller caller) => Task.FromResult(Visible(caller));

    public Task<ImmutableArray<PxCaseAudit>> Audits(Caller caller)
    {
        Visible(caller);
        return Task.FromResult(State.Audits.ToImmutableArray());
    }

    public async Task<PxCaseView> Change(ChangePxCase command, Caller caller)
    {
        var current = Visible(caller);
        if (current.Status == PxCaseStatus.CLOSED)
        {
            throw Errors.Conflict("case_closed", "A CLOSED case does not change.");
        }
        PxSetup? setup = null;
        async Task<PxSetup> Setup() => setup ??= await GrainFactory.GetGrain<IPatientExperienceGrain>(current.TenantId).Find();

        var next = current with
        {
            Title = command.Title ?? current.Title,
            Description = command.Description ?? current.Description,
            PatientId = command.PatientId ?? current.PatientId,
            Department = command.Department is { } code && !string.Equals(code, current.Department, StringComparison.OrdinalIgnoreCase)
                ? CheckDepartment(await Setup(), code)
                : current.Department,
            AssigneeId = command.AssigneeId ?? current.AssigneeId,
            Priority = command.Priority ?? current.Priority,
            Active = command.Active ?? current.Active,
            DueAt = command.DueAt ?? current.DueAt,
        };
        if (next.PatientId != current.PatientId)
        {
            await CheckPatientAsync(next.PatientId, current.TenantId);
        }
        if (next.AssigneeId != current.AssigneeId)
        {
            await CheckAssigneeAsync(next.AssigneeId, current.TenantId);
        }
        var newWindow = next.DueAt != current.DueAt;
        if (newWindow)
        {
            PxCaseRules.EnsureDueAt(next.DueAt, Now);
        }
        var statusChanged = command.Status is { } to && to != current.Status;
        if (statusChanged)
        {
            to = command.Status!.Value;
            PxCaseRules.EnsureCanMove(current.Status, to);
            if (PxCaseRules.Reopens(current.Status, to))
            {
                if (next.DueAt <= Now)
                {
                    throw Errors.Conflict("new_due_at_required", $"A {current.Status} case goes back to {to} with a new dueAt after now.");
                }
                newWindow = true;
            }
            next = next with
            {
                Status = to,
                ResolvedAt = to == PxCaseStatus.RESOLVED ? Now : to == PxCaseStatus.CLOSED ? current.ResolvedAt : null,
                ClosedAt = to == PxCaseStatus.CLOSED ? Now : null,
            };
        }
        var changes = Changes(current, next);
        if (changes.IsEmpty && !statusChanged)
        {
            return current;
        }
        if (newWindow)
        {
            next = next with { SlaStartedAt = Now, AtRiskPercent = (await Setup()).Settings.AtRiskPercent, AtRiskHandledAt = null };
        }
        next = next with { UpdatedAt = Now };
        var audit = statusChanged
            ? Audit(next, caller.UserId, PxAuditActions.StatusChanged, current.Status, next.Status, null, null, changes)
            : Audit(next, caller.UserId, PxAuditActions.Updated, null, null, null, null, changes);
        await SaveChangeAsync(next, audit, [], commit: true);
        return State.Case!;
    }

    /// <summary>One save of a change; <paramref name="commit"/> (a change made on request) then handles whatever it left due.</summary>
    private async Task SaveChangeAsync(PxCaseView next, PxCaseAuditRow? audit, IReadOnlyList<ReadModelRecord> records, bool commit = false)
    {
        var audits = audit is null ? State.Audits : State.Audits.Add(audit.Audit);
        var state = State with { Case = next, Audits = audits, Version = State.Version + 1 };
        var row = new PxCaseRow(next, state.Version);
        ReadModelRecord[] rows = audit is null ? [row, .. records] : [row, audit, .. records];
        if (commit)
        {
            await CommitAsync(state, rows, []);
        }
        else
        {
            await SaveAsync(state, rows, []);
        }
    }

    private static string CheckDepartment(PxSetup setup, string code) =>
        setup.Department(code.ToUpperInvariant()) is { IsActive: true } department
            ? department.Code
            : throw Errors.BadRequest("unknown_department", $"'{code}' is not an active patient-experience department.");

    private async Task CheckPatientAsync(Guid? patientId, string tenantId)
    {
        if (patientId is { } id && (await GrainFactory.GetGrain<IPatientGrain>(id).Find())?.HospitalId != tenantId)
        {
            throw Errors.NotFound("patient_not_found", "No such patient.");
        }
    }

    private async Task CheckAssigneeAsync(string? assigneeId, string tenantId)
    {
        if (assigneeId is null)
        {
            return;
        }
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(tenantId).Find();
        if (hospital?.Staff.Any(m => m.UserId == assigneeId && m.IsActive) != true)
        {
            throw Errors.BadRequest("unknown_assignee", $"'{assigneeId}' is not an active staff member of the hospital.");
        }
    }

    private PxCaseView Visible(Caller caller) =>
        State.Case is { } c && c.TenantId == caller.TenantId ? c : throw Errors.NotFound("case_not_found", "No such case.");

    private PxCaseAuditRow Audit(PxCaseView c, string actor, string action, PxCaseStatus? from, PxCaseStatus? to, int? fromLevel,
        int? toLevel, ImmutableArray<FieldChange> changes) =>
        new(new PxCaseAudit(Guid.NewGuid(), Id, c.TenantId, actor, action, from, to, fromLevel, toLevel, changes, Now));

    /// <summary>The fields a person changed (status is audited on its own), as the audit shows them.</summary>
    private static ImmutableArray<FieldChange> Changes(PxCaseView before, PxCaseView after) =>
    [
        .. new (string Field, object? From, object? To)[]
        {
            ("title", before.Title, after.Title), ("description", before.Description, after.Description),
            ("patientId", before.PatientId, after.PatientId), ("department", before.Department, after.Department),
            ("assigneeId", before.AssigneeId, after.AssigneeId), ("priority", before.Priority, after.Priority),
            ("active", before.Active, after.Active), ("dueAt", before.DueAt, after.DueAt),
        }.Where(c => !Equals(c.From, c.To)).Select(c => new FieldChange(c.Field, Show(c.From), Show(c.To))),
    ];

    private static string? Show(object? value) => value switch
    {
        null => null,
        DateTimeOffset at => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => value.ToString(),
    };
}
