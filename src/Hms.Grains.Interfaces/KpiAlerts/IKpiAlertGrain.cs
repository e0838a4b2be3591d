using System.Collections.Immutable;
using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>
/// One KPI alert of an organization holding its own next deadline: the next
/// occurrence of its schedule, or the next evaluation of its threshold — a durable reminder instead of
/// a 5-minute sweep with row locks. Keyed by the alert id.
/// </summary>
[Alias("Hms.IKpiAlertGrain")]
public interface IKpiAlertGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<KpiAlertView> Create(KpiAlertDefinition definition, Caller caller);

    [Alias("Get")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<KpiAlertView> Get(Caller caller);

    /// <summary>Changes fields; pausing disarms the deadline, resuming re-arms it from now.</summary>
    [Alias("Change")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<KpiAlertView> Change(ChangeKpiAlert command, Caller caller);

    [Alias("Delete")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task Delete(Caller caller);

    /// <summary>The coming occurrences (or threshold evaluations) after now.</summary>
    [Alias("Next")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<ImmutableArray<DateTimeOffset>> Next(int count, Caller caller);

    /// <summary>A test send now: the report for the period ending now, or the threshold's current reading.</summary>
    [Alias("RunNow")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<KpiRun> RunNow(Caller caller);

    /// <summary>A new value of <paramref name="metric"/> arrived: a threshold on it evaluates at once.</summary>
    [Alias("OnMetricValue"), Orleans.Concurrency.OneWay]
    Task OnMetricValue(string tenantId, string metric);
}

/// <summary>
/// The built-in store's entry for one metric of one organization (key "tenant/metric"): stores pushed
/// values and tells the threshold alerts watching the metric at once.
/// </summary>
[Alias("Hms.IKpiMetricGrain")]
public interface IKpiMetricGrain : IGrainWithStringKey
{
    /// <summary>Stores a value of the caller's organization's metric (this grain's key names both).</summary>
    [Alias("Push")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<KpiPoint> Push(KpiPoint point, Caller caller);

    [Alias("Watch")]
    Task Watch(Guid alertId, bool watching);
}

/// <summary>Lists from the read model: alerts, an alert's runs, a metric's series.</summary>
[Alias("Hms.IKpiQueryGrain")]
public interface IKpiQueryGrain : IGrainWithIntegerKey
{
    [Alias("Alerts")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<Page<KpiAlertView>> Alerts(KpiAlertType? type, bool? isActive, Paging paging, Caller caller);

    [Alias("Runs")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<Page<KpiRun>> Runs(Guid alertId, Paging paging, Caller caller);

    [Alias("Series")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<Page<KpiPoint>> Series(string metric, DateTimeOffset? from, DateTimeOffset? to, Paging paging, Caller caller);

    /// <summary>The report a run sent, or null.</summary>
    [Alias("Attachment")]
    [Allows(Roles.HospitalAdmin, Roles.Manager, Roles.Supervisor)]
    Task<KpiRunAttachment?> Attachment(Guid alertId, Guid runId, Caller caller);
}

/// <summary>A report a run sent: its file name, MIME type and bytes.</summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiRunAttachment")]
public sealed record class KpiRunAttachment(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content);

public static class KpiMetricKey
{
    public static string Of(string tenantId, string metric) => $"{tenantId}/{metric}";
}
