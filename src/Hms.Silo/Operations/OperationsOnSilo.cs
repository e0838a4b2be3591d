using Hms.Operations;
using Hms.Silo.Hosting;

namespace Hms.Silo.Operations;

/// <summary>The operators' console: its read-model reader (the grain is src/Hms.Grains/Operations/OperationsGrain.cs).</summary>
public sealed class OperationsOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IOperationsReader, PostgresOperationsReader>();
}
