using Hms.Common;

namespace Hms.NoShow;

/// <summary>Port: NO_SHOW logs of one hospital from the read model.</summary>
public interface INoShowLogReader
{
    Task<Page<NoShowLogView>> ReadAsync(string hospitalId, NoShowLogFilter filter, CancellationToken cancellationToken = default);
}
