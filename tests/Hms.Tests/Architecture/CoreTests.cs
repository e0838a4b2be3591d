using Hms.Common;
using Hms.ReadModel;
using Hms.Silo.Hosting;

namespace Hms.Tests.Architecture;

/// <summary>
/// The shared core knows no capability, and no namespace uses another that uses it back: a new
/// capability joins by adding its folders, never by editing the core (docs/architecture.md).
/// </summary>
public sealed class CoreTests
{
    /// <summary>The core: common types, the deadline mechanism, job runs and passes, the outbox and read model, notification delivery, sealed secrets, and the hosts.</summary>
    private static readonly string[] Core =
    [
        "Hms.Common", "Hms.Deadlines", "Hms.Jobs", "Hms.ReadModel", "Hms.Notifications", "Hms.Retention",
        "Hms.Silo", "Hms.Silo.Hosting", "Hms.Silo.Database", "Hms.Silo.ReadModel", "Hms.Silo.Jobs", "Hms.Silo.Notifications",
        "Hms.Silo.Dashboard", "Hms.Silo.Health", "Hms.Silo.Http", "Hms.Silo.Retention", "Hms.Silo.Secrets", "Hms.Silo.Deadlines",
        "Hms.Api", "Hms.Api.Hosting", "Hms.Api.Auth", "Hms.Api.Http", "Hms.Api.Problems", "Hms.Api.Notifications", "Hms.Api.Jobs",
    ];

    private static readonly NamespaceGraph Graph = NamespaceGraph.Of(
        typeof(Caller).Assembly, typeof(OutboxGrain<>).Assembly, typeof(SiloServices).Assembly, typeof(Program).Assembly);

    [Fact]
    public void TheCoreUsesNoCapability()
    {
        var offending = Graph.Uses.Where(u => Core.Contains(u.Key))
            .SelectMany(u => u.Value.Where(to => !Core.Contains(to)).Select(to => $"{u.Key} -> {to}")).Order().ToList();
        Assert.True(offending.Count == 0, "The core uses capabilities:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void NoNamespacesUseEachOther()
    {
        var loops = Graph.Loops();
        Assert.True(loops.Count == 0, "Namespaces in a loop:\n" + string.Join("\n", loops.Select(l => string.Join(" <-> ", l))));
    }

    [Fact]
    public void TheGraphSeesEveryProjectAndItsCapabilities()
    {
        // A graph that read nothing would pass both tests above.
        Assert.Contains("Hms.Appointments", Graph.Uses["Hms.NoShow"]);
        Assert.Contains("Hms.Deadlines", Graph.Uses["Hms.Appointments"]);
        Assert.Contains("Hms.Silo.Hosting", Graph.Uses["Hms.Silo.Appointments"]);
        Assert.Contains("Hms.Api.Hosting", Graph.Uses["Hms.Api.Appointments"]);
        Assert.Contains("Hms.ReadModel", Graph.Uses["Hms.Notifications"]);
    }
}
