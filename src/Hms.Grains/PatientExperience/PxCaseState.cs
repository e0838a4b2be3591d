using System.Collections.Immutable;
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

    /// <summary>The pending deadlines (UTC) by kind; derived, never stored apart from the case they guard.</summary>
    public ImmutableDictionary<string, DateTimeOffset> Deadlines => PxCaseRules.Deadlines(Case);

    public PxCaseState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}
