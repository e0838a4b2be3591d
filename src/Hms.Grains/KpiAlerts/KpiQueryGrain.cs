using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>Alert lists, run histories and metric series from the read model, on any silo; the tenant comes from the caller.</summary>
[Orleans.Concurrency.StatelessWorker]
public sealed class KpiQueryGrain(IKpiAlertReader alerts, IKpiValueStore values) : Grain, IKpiQueryGrain
{
    public Task<Page<KpiAlertView>> Alerts(KpiAlertType? type, bool? isActive, Paging paging, Caller caller) =>
        alerts.ListAsync(caller.TenantId, type, isActive, paging);

    public Task<Page<KpiRun>> Runs(Guid alertId, Paging paging, Caller caller) => alerts.RunsAsync(caller.TenantId, alertId, paging);

    public Task<KpiRunAttachment?> Attachment(Guid alertId, Guid runId, Caller caller) => alerts.AttachmentAsync(caller.TenantId, alertId, runId);

    public Task<Page<KpiPoint>> Series(string metric, DateTimeOffset? from, DateTimeOffset? to, Paging paging, Caller caller) =>
        values.PageAsync(caller.TenantId, metric, from, to, paging);
}
