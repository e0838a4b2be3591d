using Hms.Common;

namespace Hms.Doctors;

/// <summary>Port: doctors from the read model.</summary>
public interface IDoctorReader
{
    Task<Page<DoctorSummary>> ListAsync(string hospitalId, DoctorFilter filter, CancellationToken cancellationToken = default);
}
