using System.Collections.Immutable;
using Hms.Deadlines;
using Hms.ReadModel;

namespace Hms.PatientExperience;

[GenerateSerializer, Alias("Hms.PxCaseState")]
public sealed record class PxCaseState : IOutboxState<PxCaseState>
{
    [Id(0)] public PxCaseView? Case { get; init; }

    /// <summary>The audit trail, oldest first (also written to the read model's px_case_audits).</summary>
    [Id(1)] public ImmutableList<PxCaseAudit> Audits { get; init; } = [];

    [Id(2)] public long Version { get; init; }

    [Id(3)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public PxCaseState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>A patient-experience case as lists show it, with its pending SLA deadlines (for the SLA pass and health).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PxCaseRow")]
public sealed record class PxCaseRow(
    [property: Id(0)] PxCaseView Case,
    [property: Id(1)] ImmutableDictionary<string, DateTimeOffset> Pending,
    [property: Id(2)] long Version) : ReadModelRecord, IShowsDeadlines
{
    public PxCaseRow(PxCaseView c, long version) : this(c, ImmutableDictionary<string, DateTimeOffset>.Empty, version)
    {
    }

    public ReadModelRecord WithDeadlines(ImmutableDictionary<string, DateTimeOffset> pending) => this with { Pending = pending };
}

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PxCaseAuditRow")]
public sealed record class PxCaseAuditRow([property: Id(0)] PxCaseAudit Audit) : ReadModelRecord;
