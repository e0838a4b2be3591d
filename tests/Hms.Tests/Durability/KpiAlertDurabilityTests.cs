using System.Net;
using System.Net.Http.Json;
using Hms.Common;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Durability;

/// <summary>
/// A scheduled KPI report on PostgreSQL with real silo processes and real SMTP: out within seconds of its
/// occurrence, once; and once after a silo that was down at the occurrence comes back.
/// </summary>
[Trait("Category", "Durability")]
public sealed class KpiAlertDurabilityTests
{
    private const string Runs = "SELECT count(*) FROM kpi_alert_runs WHERE alert_id = $1 AND kind = 'OCCURRENCE'";
    private const string Sent = "SELECT count(*) FROM kpi_alert_runs WHERE alert_id = $1 AND kind = 'OCCURRENCE' AND status = 'SENT' AND occurrence = $2";
    private const string JobRuns = "SELECT count(*) FROM job_runs WHERE subject_id = $1::text AND job_name = 'KPI_OCCURRENCE_DEADLINE'";

    private static Dictionary<string, string> Smtp(SmtpSink sink) => new()
    {
        ["Notifications__Smtp__Host"] = "127.0.0.1",
        ["Notifications__Smtp__Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications__Smtp__Security"] = "None",
    };

    /// <summary>
    /// An hourly CSV report whose next occurrence is the minute boundary at least <paramref name="lead"/> away,
    /// chosen once the API is up (a value pushed through it first, a minute before now: inside the report's hour).
    /// </summary>
    private static async Task<(Guid Id, DateTimeOffset Occurrence, string Name)> CreateAlertAsync(PostgresDeployment deployment, TimeSpan lead)
    {
        var name = "Hourly ER visits " + Guid.NewGuid().ToString("N")[..6];
        var http = deployment.Http("org-" + Guid.NewGuid().ToString("N")[..8], [Roles.Manager]);
        await ApiFlow.Expect(HttpStatusCode.Created, await http.PostAsJsonAsync("/api/v1/kpis/er.visits/values",
            new { value = 17, timestamp = ApiFlow.Instant(DateTimeOffset.UtcNow.AddMinutes(-1)) }));
        var (_, _, occurrence) = MinuteDeadline.Next(lead);
        var alert = await ApiFlow.Expect(HttpStatusCode.Created, await http.PostAsJsonAsync("/api/v1/kpi-alerts", new
        {
            name, dashboardId = "d", graphId = "g", metric = "er.visits", recipients = new[] { "ops@example.org" }, type = "schedule",
            schedule = new { frequency = "HOURLY", minute = occurrence.Minute, timeZone = "Etc/UTC", attachmentType = "CSV" },
        }));
        Assert.Equal(occurrence, alert.GetProperty("nextRunAt").GetDateTimeOffset());
        return (alert.GetProperty("id").GetGuid(), occurrence, name);
    }

    /// <summary>
    /// Waits until the alert's one reminder has moved on to the next hour's occurrence: the occurrence was
    /// claimed and no later tick can come for it. (Its first tick is "now + due time" on the reminder
    /// service's clock, a moment after the grain read its own: equal to the second.)
    /// </summary>
    private static Task MovedOnAsync(PostgresDeployment deployment, Guid id, DateTimeOffset occurrence) =>
        Eventually.Until(() => deployment.CountAsync(
                "SELECT count(*) FROM orleansremindersv2table WHERE grainid LIKE '%' || $1 AND abs(extract(epoch FROM starttime - $2)) < 1",
                id.ToString("N"), occurrence.AddHours(1).UtcDateTime),
            n => n == 1, TimeSpan.FromSeconds(30), "the deadline moved to the next occurrence\n" + deployment.SiloLogs);

    private static int Mails(SmtpSink sink, string name) => sink.Received.Select(m => m.Parse()).Count(m => m.Subject?.Contains(name) == true);

    [Fact]
    public async Task AReportGoesOutWithinFiveSecondsOfItsOccurrenceExactlyOnce()
    {
        await using var smtp = new SmtpSink(Ports.Free());
        smtp.Start();
        await using var deployment = await PostgresDeployment.CreateAsync();
        await deployment.StartSilo(extra: Smtp(smtp)).WaitReadyAsync();
        var (id, occurrence, name) = await CreateAlertAsync(deployment, TimeSpan.FromSeconds(10));

        await MinuteDeadline.Until(occurrence);
        await Eventually.Until(() => deployment.CountAsync(Sent, id, occurrence.UtcDateTime), n => n == 1, TimeSpan.FromSeconds(5),
            $"SENT within 5 s of {occurrence:O}\n{deployment.SiloLogs}");
        var lateness = await TestPostgres.ScalarAsync<double>(deployment.ConnectionString,
            "SELECT lateness_ms FROM job_runs WHERE subject_id = $1::text AND job_name = 'KPI_OCCURRENCE_DEADLINE'", id.ToString());
        Assert.InRange(lateness, 0, 5000);
        await Eventually.Until(() => Task.FromResult(Mails(smtp, name)), n => n == 1, TimeSpan.FromSeconds(5), "the mail");

        await MovedOnAsync(deployment, id, occurrence);
        Assert.Equal(1, await deployment.CountAsync(Runs, id));
        Assert.Equal(1, await deployment.CountAsync(JobRuns, id));
        Assert.Equal(1, Mails(smtp, name));
    }

    [Fact]
    public async Task AnOccurrenceThatFallsWhileTheSiloIsKilledRunsExactlyOnceAfterRestart()
    {
        await using var smtp = new SmtpSink(Ports.Free());
        smtp.Start();
        await using var deployment = await PostgresDeployment.CreateAsync();
        var first = deployment.StartSilo(extra: Smtp(smtp));
        await first.WaitReadyAsync();
        var (id, occurrence, name) = await CreateAlertAsync(deployment, TimeSpan.FromSeconds(10));

        first.Kill();
        Assert.True(DateTimeOffset.UtcNow < occurrence, "the silo must die before the occurrence");
        await MinuteDeadline.Until(occurrence.AddSeconds(3));
        Assert.Equal(0, await deployment.CountAsync(Runs, id));

        var second = deployment.StartSilo(first.SiloPort, first.GatewayPort, Smtp(smtp));
        await second.WaitReadyAsync();
        await Eventually.Until(() => deployment.CountAsync(Sent, id, occurrence.UtcDateTime), n => n == 1, TimeSpan.FromSeconds(30),
            "SENT after the restart\n" + deployment.SiloLogs);
        await Eventually.Until(() => Task.FromResult(Mails(smtp, name)), n => n == 1, TimeSpan.FromSeconds(5), "the mail");

        await MovedOnAsync(deployment, id, occurrence);
        Assert.Equal(1, await deployment.CountAsync(Runs, id));
        Assert.Equal(1, await deployment.CountAsync(JobRuns, id));
        Assert.Equal(1, Mails(smtp, name));
        Assert.Equal(0, await TestPostgres.ScalarAsync<int>(deployment.ConnectionString,
            "SELECT missed_occurrences FROM kpi_alert_runs WHERE alert_id = $1", id));
    }
}
