using Hms.Common;
using Hms.KpiAlerts;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Hms.Tests.Security;

/// <summary>
/// A KPI alert's Cube token is sealed in grain state (src/Hms.Grains/KpiAlerts/KpiAlertGrain.cs): what
/// storage holds never contains it, callers see it masked, the same token sent again keeps the stored
/// seal, and a token an earlier version stored in clear is sealed when its alert next wakes.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class SealedTokenTests(GrainClusterFixture cluster)
{
    private readonly string _tenant = "org-" + Guid.NewGuid().ToString("N")[..10];

    private Caller Manager => new("manager-1", _tenant, [Roles.Manager]);

    private static KpiAlertDefinition Cube(string token) =>
        new("Cube visits", "d", "g", "Visits.count", ["ops@example.org"], true, KpiAlertType.schedule,
            new KpiSource(KpiSourceKind.CUBE, "https://cube.example.org/cubejs-api/v1", token, "{}"),
            new ScheduleSettings(new KpiSchedule(ScheduleFrequency.DAILY, 8, 0, [], [], "Europe/Berlin"), AttachmentType.CSV, null), null);

    private IGrainStorage Storage => cluster.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StoreNames.Hms);

    [Fact]
    public async Task TheTokenIsSealedInStateMaskedForCallersAndKeptWhenSentAgain()
    {
        var grain = cluster.Client.GetGrain<IKpiAlertGrain>(Guid.NewGuid());
        var created = await grain.Create(Cube("Bearer cube-secret-42"), Manager);
        Assert.Equal(KpiAlertGrain.MaskedToken, created.Definition.Source.Token);

        var stored = await StoredTokenAsync(grain);
        Assert.StartsWith(ISecretBox.Prefix, stored);
        Assert.DoesNotContain("cube-secret-42", stored);

        // The same token again (a client re-sending the whole source) keeps the seal: the source did not change.
        await grain.Change(new ChangeKpiAlert(Source: Cube("Bearer cube-secret-42").Source), Manager);
        Assert.Equal(stored, await StoredTokenAsync(grain));
        await grain.Change(new ChangeKpiAlert(Source: Cube("Bearer rotated").Source), Manager);
        var rotated = await StoredTokenAsync(grain);
        Assert.NotEqual(stored, rotated);
        Assert.StartsWith(ISecretBox.Prefix, rotated);
        Assert.DoesNotContain("rotated", rotated);
    }

    [Fact]
    public async Task ATokenStoredInClearByAnEarlierVersionIsSealedWhenItsAlertWakes()
    {
        var original = cluster.Client.GetGrain<IKpiAlertGrain>(Guid.NewGuid());
        await original.Create(Cube("Bearer old"), Manager);
        var state = await ReadAsync(original);

        // The same alert as an earlier version stored it, under a grain not yet awake.
        var earlier = cluster.Client.GetGrain<IKpiAlertGrain>(Guid.NewGuid());
        var alert = state.State!.Alert!;
        var clear = new GrainState<KpiAlertState>
        {
            State = state.State! with { Alert = alert with { Definition = alert.Definition with { Source = alert.Definition.Source with { Token = "Bearer old" } } } },
        };
        await Storage.WriteStateAsync("kpiAlert", earlier.GetGrainId(), clear);

        Assert.Equal(KpiAlertGrain.MaskedToken, (await earlier.Get(Manager)).Definition.Source.Token);
        var sealedToken = await StoredTokenAsync(earlier);
        Assert.StartsWith(ISecretBox.Prefix, sealedToken);
        Assert.DoesNotContain("old", sealedToken);
    }

    private async Task<GrainState<KpiAlertState>> ReadAsync(IKpiAlertGrain grain)
    {
        var state = new GrainState<KpiAlertState>();
        await Storage.ReadStateAsync("kpiAlert", grain.GetGrainId(), state);
        return state;
    }

    private async Task<string> StoredTokenAsync(IKpiAlertGrain grain) => (await ReadAsync(grain)).State!.Alert!.Definition.Source.Token!;
}
