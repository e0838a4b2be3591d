using System.Collections.Immutable;
using Hms.Common;

namespace Hms.NoShow;

/// <summary>Port: the hospital's stage alerts from the read model.</summary>
public interface IStageAlertReader
{
    Task<Page<StageAlertBoardItem>> ListAsync(string hospitalId, StageAlertFilter filter, CancellationToken cancellationToken = default);

    Task<Guid?> FindAppointmentAsync(string hospitalId, Guid alertId, CancellationToken cancellationToken = default);

    Task<ImmutableArray<StageAlertBoardItem>> ChangedSinceAsync(string hospitalId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The board rows of these alerts of the hospital, oldest change first.</summary>
    Task<ImmutableArray<StageAlertBoardItem>> BoardItemsAsync(string hospitalId, IReadOnlyCollection<Guid> alertIds, CancellationToken cancellationToken = default);
}
