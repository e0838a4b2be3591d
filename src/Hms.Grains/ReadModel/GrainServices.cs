using Hms.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hms.ReadModel;

/// <summary>What every grain with an outbox needs from its host: the read model, the clock, the retry period.</summary>
public sealed class GrainServices(
    IReadModelWriter readModel,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    IOptions<DeadlineOptions> deadlines)
{
    public IReadModelWriter ReadModel { get; } = readModel;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Reminder period of deadlines and of outbox retries.</summary>
    public TimeSpan RetryPeriod => deadlines.Value.RetryPeriod;
}
