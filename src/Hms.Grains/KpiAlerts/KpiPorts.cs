using System.Collections.Immutable;
using Hms.Common;

namespace Hms.KpiAlerts;

/// <summary>Port: an alert's KPI values, from whichever source it names (the built-in store or a Cube.js-style API).</summary>
public interface IKpiSource
{
    /// <summary>The metric's values in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    Task<IReadOnlyList<KpiPoint>> SeriesAsync(string tenantId, KpiSource source, string metric, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>The metric's latest value at or before <paramref name="at"/>; null when there is none.</summary>
    Task<KpiPoint?> LatestAsync(string tenantId, KpiSource source, string metric, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether the operator lets alerts read from <paramref name="source"/> (the built-in store always).</summary>
    bool Allows(KpiSource source);
}

/// <summary>
/// A KPI source could not be read. Its message is what the tenant sees in run results and test mails:
/// a stable code and a sentence, never the target's own text, status or socket details (those are in
/// the silo's log for the operator).
/// </summary>
public sealed class KpiSourceException(string code, string message, Exception? inner = null) : Exception($"{message} ({code})", inner)
{
    /// <summary>The address is internal and not allowed (Outbound:AllowedNetworks), or the host is not in KpiSources:Cube:AllowedHosts.</summary>
    public const string Refused = "kpi_source_refused";

    /// <summary>No answer, a timeout, a redirect, or an answer other than success.</summary>
    public const string Unavailable = "kpi_source_unavailable";

    /// <summary>An answer that is not the expected JSON, or larger than the API reads.</summary>
    public const string InvalidAnswer = "kpi_source_invalid_answer";

    /// <summary>The alert's sealed token cannot be opened (its key is not in the cluster's key ring).</summary>
    public const string TokenUnreadable = "kpi_source_token_unreadable";

    public string Code { get; } = code;
}

/// <summary>Port: the built-in store of pushed KPI values.</summary>
public interface IKpiValueStore
{
    /// <summary>Stores a value; a second value at the same instant replaces the first.</summary>
    Task AppendAsync(string tenantId, string metric, KpiPoint point, CancellationToken cancellationToken = default);

    Task<Page<KpiPoint>> PageAsync(string tenantId, string metric, DateTimeOffset? from, DateTimeOffset? to, Paging paging,
        CancellationToken cancellationToken = default);

    Task<IReadOnlyList<KpiPoint>> SeriesAsync(string tenantId, string metric, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    Task<KpiPoint?> LatestAsync(string tenantId, string metric, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>Port: alerts and their runs from the read model.</summary>
public interface IKpiAlertReader
{
    Task<Page<KpiAlertView>> ListAsync(string tenantId, KpiAlertType? type, bool? isActive, Paging paging, CancellationToken cancellationToken = default);

    Task<Page<KpiRun>> RunsAsync(string tenantId, Guid alertId, Paging paging, CancellationToken cancellationToken = default);

    /// <summary>The report a run of the tenant's alert sent, or null (no such run, or it sent none).</summary>
    Task<KpiRunAttachment?> AttachmentAsync(string tenantId, Guid alertId, Guid runId, CancellationToken cancellationToken = default);
}

/// <summary>An e-mail to an alert's recipients, with the report attached or a threshold notice in its body.</summary>
public sealed record ReportMail(ImmutableArray<string> To, string Subject, string Body, ReportFile? Attachment);

/// <summary>Port: sends report mail (SMTP; the development log when SMTP is not configured). Throws when it did not go out.</summary>
public interface IReportMailer
{
    Task SendAsync(ReportMail mail, CancellationToken cancellationToken = default);
}
