using Hms.ReadModel;

namespace Hms.KpiAlerts;

[GenerateSerializer, Alias("Hms.KpiAlertState")]
public sealed record class KpiAlertState : IOutboxState<KpiAlertState>
{
    [Id(0)] public KpiAlertView? Alert { get; init; }

    /// <summary>
    /// A run claimed and saved before its mail goes out; cleared with the run's outcome. Found on
    /// activation, it was cut short by a crash and is recorded FAILED rather than sent twice.
    /// </summary>
    [Id(1)] public KpiRun? InFlight { get; init; }

    [Id(2)] public bool Deleted { get; init; }

    [Id(3)] public long Version { get; init; }

    [Id(4)] public Outbox Outbox { get; init; } = Outbox.Empty;

    /// <summary>An occurrence whose run failed, to be run again (its own <c>retry</c> deadline).</summary>
    [Id(5)] public KpiRetry? Retry { get; init; }

    public KpiAlertState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>The next attempt at an occurrence whose run failed (the mail server or the KPI source was down).</summary>
[GenerateSerializer, Immutable, Alias("Hms.KpiRetry")]
public sealed record class KpiRetry(
    [property: Id(0)] DateTimeOffset Occurrence,
    [property: Id(1)] int Attempt,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] int MissedOccurrences);

/// <summary>Effect: start or stop telling an alert about new values of a metric of the built-in store.</summary>
[GenerateSerializer, Immutable, Alias("Hms.WatchKpiMetric")]
public sealed record class WatchKpiMetric(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Metric,
    [property: Id(2)] Guid AlertId,
    [property: Id(3)] bool Watching) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) =>
        grains.GetGrain<IKpiMetricGrain>(KpiMetricKey.Of(TenantId, Metric)).Watch(AlertId, Watching);
}

/// <summary>A KPI alert as lists show it (its source token masked).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.KpiAlertRow")]
public sealed record class KpiAlertRow([property: Id(0)] KpiAlertView Alert, [property: Id(1)] long Version) : ReadModelRecord;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.KpiAlertDeletedRow")]
public sealed record class KpiAlertDeletedRow([property: Id(0)] Guid AlertId) : ReadModelRecord;

/// <summary>A run, with the report it sent (kept so it can be downloaded: GET …/runs/{runId}/attachment).</summary>
[GenerateSerializer, Immutable, Alias("Hms.ReadModel.KpiRunRow")]
public sealed record class KpiRunRow(
    [property: Id(0)] KpiRun Run,
    [property: Id(1)] string? AttachmentName = null,
    [property: Id(2)] byte[]? Attachment = null) : ReadModelRecord
{
    public static KpiRunRow Of(KpiRun run, ReportFile? file) => new(run, file?.FileName, file?.Content);
}
