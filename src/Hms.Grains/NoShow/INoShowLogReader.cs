using Hms.Appointments;
using Hms.Common;

namespace Hms.NoShow;

/// <summary>Port: NO_SHOW logs of one hospital from the read model.</summary>
public interface INoShowLogReader
{
    Task<Page<NoShowLogView>> ReadAsync(string hospitalId, NoShowLogFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Counts for <see cref="NoShowStats"/>: appointments count once their slot has ended by <paramref name="now"/> (or once NO_SHOW), cancelled ones never.</summary>
    Task<NoShowStats> StatsAsync(string hospitalId, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken cancellationToken = default);
}
