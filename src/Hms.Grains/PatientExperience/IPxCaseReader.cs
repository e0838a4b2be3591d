using System.Collections.Immutable;
using Hms.Common;

namespace Hms.PatientExperience;

/// <summary>A case the read model holds as overdue: OPEN or IN_PROGRESS, active, dueAt passed.</summary>
public sealed record OverdueCase(Guid CaseId, string TenantId, DateTimeOffset DueAt);

/// <summary>Port: patient-experience cases from the read model.</summary>
public interface IPxCaseReader
{
    Task<Page<PxCaseView>> ListAsync(string tenantId, PxCaseFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The seed's scan: active OPEN/IN_PROGRESS cases due before <paramref name="now"/> (one tenant, or all), earliest first.</summary>
    Task<ImmutableArray<OverdueCase>> OverdueAsync(string? tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);
}
