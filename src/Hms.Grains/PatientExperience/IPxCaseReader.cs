using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;

namespace Hms.PatientExperience;

/// <summary>Port: patient-experience cases from the read model.</summary>
public interface IPxCaseReader
{
    Task<Page<PxCaseView>> ListAsync(string tenantId, PxCaseFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Active OPEN/IN_PROGRESS cases due before <paramref name="now"/> (one tenant, or all), earliest first.</summary>
    Task<ImmutableArray<DueRecord>> OverdueAsync(string? tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);
}
