using Hms.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hms.ReadModel;

/// <summary>What every grain with an outbox needs from its host: the read model, the clock, how deadlines retry and wake.</summary>
public sealed class GrainServices(
    IReadModelWriter readModel,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock,
    IOptions<DeadlineOptions> deadlines)
{
    public IReadModelWriter ReadModel { get; } = readModel;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Reminder period of deadlines and of outbox retries.</summary>
    public TimeSpan RetryPeriod => deadlines.Value.RetryPeriod;

    /// <summary>Whether active deadline grains wake themselves at their deadlines (<see cref="DeadlineOptions.WakeActiveGrains"/>).</summary>
    public bool WakeActiveGrains => deadlines.Value.WakeActiveGrains;
}
