using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Patients;

/// <summary>Port: patients from the read model.</summary>
public interface IPatientReader
{
    Task<Page<PatientView>> ListAsync(string hospitalId, PatientFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The hospital's patient records that carry <paramref name="userId"/> (a patient user reads their notifications).</summary>
    Task<ImmutableArray<Guid>> OfUserAsync(string hospitalId, string userId, CancellationToken cancellationToken = default);
}
