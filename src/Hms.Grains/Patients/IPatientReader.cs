using Hms.Common;

namespace Hms.Patients;

/// <summary>Port: patients from the read model.</summary>
public interface IPatientReader
{
    Task<Page<PatientView>> ListAsync(string hospitalId, PatientFilter filter, CancellationToken cancellationToken = default);
}
