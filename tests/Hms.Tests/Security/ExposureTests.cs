using Hms.Silo.Health;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hms.Tests.Security;

/// <summary>What anonymous callers and tokens may not get: error text from health probes, a machine's role from a token.</summary>
public sealed class ExposureTests
{
    [Fact]
    public async Task AnUnreachableDatabaseIsUnhealthyWithoutItsErrorText()
    {
        await using var database = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={Ports.Free()};Username=nobody;Password=secret;Timeout=2");

        var result = await new DatabaseHealthCheck(database).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("PostgreSQL is unreachable.", result.Description); // the exception goes to the log, never to the anonymous probe
        Assert.NotNull(result.Exception);
    }
}
