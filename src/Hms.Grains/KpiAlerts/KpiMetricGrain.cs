using System.Collections.Immutable;
using Hms.Common;

namespace Hms.KpiAlerts;

[GenerateSerializer, Alias("Hms.KpiMetricState")]
public sealed record class KpiMetricState
{
    /// <summary>Threshold alerts to tell about each new value.</summary>
    [Id(0)] public ImmutableHashSet<Guid> Watchers { get; init; } = [];
}

/// <summary>
/// One metric of the built-in store: a pushed value is stored, then each threshold alert watching the
/// metric is told at once (one-way; an alert that misses it evaluates again at its own deadline).
/// </summary>
public sealed class KpiMetricGrain(
    [PersistentState("kpiMetric", StoreNames.Hms)] IPersistentState<KpiMetricState> state,
    IKpiValueStore store)
    : Grain, IKpiMetricGrain
{
    private (string TenantId, string Metric) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.LastIndexOf('/');
            return (key[..slash], key[(slash + 1)..]);
        }
    }

    public async Task<KpiPoint> Push(KpiPoint point, Caller caller)
    {
        var (tenantId, metric) = Key;
        if (caller.TenantId != tenantId)
        {
            throw Errors.Forbidden("tenant_mismatch", "An organization pushes values of its own metrics only.");
        }
        await store.AppendAsync(tenantId, metric, point);
        foreach (var alertId in state.State.Watchers)
        {
            await GrainFactory.GetGrain<IKpiAlertGrain>(alertId).OnMetricValue(tenantId, metric);
        }
        return point;
    }

    public async Task Watch(Guid alertId, bool watching)
    {
        var watchers = watching ? state.State.Watchers.Add(alertId) : state.State.Watchers.Remove(alertId);
        if (watchers != state.State.Watchers)
        {
            state.State = state.State with { Watchers = watchers };
            await state.WriteStateAsync();
        }
    }
}
