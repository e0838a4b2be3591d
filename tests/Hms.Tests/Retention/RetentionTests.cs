using Hms.Common;
using Hms.Retention;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Hms.Tests.Retention;

/// <summary>
/// Each tenant's history trimmed by its own daily deadline (src/Hms.Grains/Retention/RetentionGrain.cs)
/// on the fixture's fake clock and PostgreSQL read model: at 03:00 in the tenant's zone, every class
/// of history loses exactly the rows older than its age, ended rows only, that tenant's only.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class RetentionTests(GrainClusterFixture cluster)
{
    /// <summary>Each history table with its class's default age in days; rows a day past it go, rows a day short stay.</summary>
    private static readonly (string Table, int Days)[] Ages =
    [
        ("job_runs", 90), ("notifications", 365), ("stage_alerts", 365), ("kpi_alert_runs", 365),
        ("no_show_logs", 730), ("hotel_no_shows", 730), ("px_case_audits", 2555),
    ];

    [Fact]
    public async Task AtThreeOClockInItsZoneATenantLosesOnlyItsRowsOlderThanEachAge()
    {
        var berlin = await TestHospital.CreateAsync(cluster.Client, "Europe/Berlin");
        var newYork = await TestHospital.CreateAsync(cluster.Client, "America/New_York");
        var retention = cluster.Client.GetGrain<IRetentionGrain>(berlin.Id);
        var armed = await retention.Get();
        Assert.Equal(NextLocal(cluster.Clock.GetUtcNow(), berlin.Zone, new TimeOnly(3, 0)), armed.NextTrimAt);
        Assert.Equal(armed.NextTrimAt, (await cluster.RemindersOf(retention))["trim"]);
        var trimAt = armed.NextTrimAt!.Value;
        var nextYork = (await cluster.Client.GetGrain<IRetentionGrain>(newYork.Id).Get()).NextTrimAt!.Value;
        Assert.True(nextYork > trimAt, "New York's 03:00 comes after Berlin's");

        foreach (var tenant in new[] { berlin.Id, newYork.Id })
        {
            foreach (var (table, days) in Ages)
            {
                await InsertAsync(table, tenant, trimAt.AddDays(-days - 1));
                await InsertAsync(table, tenant, trimAt.AddDays(-days + 1));
            }
            // Old but not ended: a run still RUNNING, a notification still PENDING, an alert still ACTIVE.
            await InsertAsync("job_runs", tenant, trimAt.AddDays(-400), status: "RUNNING");
            await InsertAsync("notifications", tenant, trimAt.AddDays(-400), status: "PENDING");
            await InsertAsync("stage_alerts", tenant, trimAt.AddDays(-400), status: "ACTIVE");
        }

        var trimmed = await cluster.At(trimAt, () => retention.Get(), r => r.LastTrimmedAt is not null, "Berlin's history trimmed");

        foreach (var (table, _) in Ages)
        {
            Assert.Equal(1, trimmed.LastTrimmed[table]);
        }
        Assert.Equal(Ages.Length + 3, await CountAsync(berlin.Id)); // a day short of each age, and the three not ended
        Assert.Equal(2 * Ages.Length + 3, await CountAsync(newYork.Id)); // not its hour yet

        var run = await TestPostgres.ScalarAsync<string>(cluster.ConnectionString,
            "SELECT status || ' ' || items_processed || ' ' || lateness_ms FROM job_runs WHERE tenant_id = $1 AND job_name = 'RETENTION_TRIM'", berlin.Id);
        Assert.Equal($"COMPLETED {Ages.Length} 0", run);
        var next = (await retention.Get()).NextTrimAt;
        Assert.Equal(NextLocal(trimAt, berlin.Zone, new TimeOnly(3, 0)), next);
        Assert.Equal(next, (await cluster.RemindersOf(retention))["trim"]);

        await cluster.At(nextYork, () => cluster.Client.GetGrain<IRetentionGrain>(newYork.Id).Get(), r => r.LastTrimmedAt is not null,
            "New York's history trimmed at its own 03:00");
        Assert.Equal(Ages.Length + 3, await CountAsync(newYork.Id));
    }

    [Fact]
    public async Task AHistoryLargerThanOneBatchIsTrimmedWhole()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, "Asia/Kolkata");
        var retention = cluster.Client.GetGrain<IRetentionGrain>(hospital.Id);
        var trimAt = (await retention.Get()).NextTrimAt!.Value;
        await TestPostgres.ExecuteAsync(cluster.ConnectionString, """
            INSERT INTO job_runs (id, job_name, tenant_id, status, started_at, duration_ms, items_processed, source)
            SELECT gen_random_uuid(), 'NO_SHOW_DEADLINE', $1, 'COMPLETED', $2, 5, 1, 'reminder' FROM generate_series(1, 12001)
            """, hospital.Id, trimAt.AddDays(-91));

        var trimmed = await cluster.At(trimAt, () => retention.Get(), r => r.LastTrimmedAt is not null, "a large history trimmed");

        Assert.Equal(12001, trimmed.LastTrimmed["job_runs"]);
        Assert.Equal(0, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE tenant_id = $1 AND job_name = 'NO_SHOW_DEADLINE'", hospital.Id));
    }

    [Fact]
    public void AgesAreConfigurablePerClassAndZeroKeepsForever()
    {
        var options = new RetentionOptions();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retention:Days:JobRuns"] = "30",
            ["Retention:Days:Audits"] = "0",
            ["Retention:LocalTime"] = "04:30",
        }).Build().GetSection(RetentionOptions.Section).Bind(options);
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddDays(-30), options.CutOff(HistoryClass.JobRuns, now));
        Assert.Null(options.CutOff(HistoryClass.Audits, now));
        Assert.Equal(now.AddDays(-365), options.CutOff(HistoryClass.Notifications, now));
        Assert.Equal(now.AddDays(-365), options.CutOff(HistoryClass.Alerts, now));
        Assert.Equal(now.AddDays(-365), options.CutOff(HistoryClass.KpiRuns, now));
        Assert.Equal(now.AddDays(-730), options.CutOff(HistoryClass.Logs, now));
        Assert.Equal(new TimeOnly(4, 30), options.LocalTime);
        Assert.Equal(2555, new RetentionOptions().Days[HistoryClass.Audits]);
    }

    private static DateTimeOffset NextLocal(DateTimeOffset after, TimeZoneInfo zone, TimeOnly time)
    {
        var today = ZonedTime.Today(after, zone);
        var at = ZonedTime.ToInstant(today, time, zone);
        return at > after ? at : ZonedTime.ToInstant(today.AddDays(1), time, zone);
    }

    private Task<long> CountAsync(string tenant) => TestPostgres.ScalarAsync<long>(cluster.ConnectionString, """
        SELECT (SELECT count(*) FROM job_runs WHERE tenant_id = $1 AND job_name = 'TEST_HISTORY')
             + (SELECT count(*) FROM notifications WHERE tenant_id = $1)
             + (SELECT count(*) FROM stage_alerts WHERE hospital_id = $1)
             + (SELECT count(*) FROM kpi_alert_runs WHERE tenant_id = $1)
             + (SELECT count(*) FROM no_show_logs WHERE hospital_id = $1)
             + (SELECT count(*) FROM hotel_no_shows WHERE hotel_id = $1)
             + (SELECT count(*) FROM px_case_audits WHERE tenant_id = $1)
        """, tenant);

    private Task InsertAsync(string table, string tenant, DateTimeOffset at, string? status = null)
    {
        var sql = table switch
        {
            "job_runs" => "INSERT INTO job_runs (id, job_name, tenant_id, status, started_at, duration_ms, items_processed, source) VALUES (gen_random_uuid(), 'TEST_HISTORY', $1, coalesce(nullif($3, ''), 'COMPLETED'), $2, 1, 1, 'reminder')",
            "notifications" => "INSERT INTO notifications (id, tenant_id, recipient_type, recipient_id, type, title, message, priority, channels, created_at, delivery_status) VALUES (gen_random_uuid(), $1, 'STAFF', 'u-1', 'TEST', 't', 'm', 'NORMAL', '{in_app}', $2, coalesce(nullif($3, ''), 'SENT'))",
            "stage_alerts" => "INSERT INTO stage_alerts (id, hospital_id, appointment_id, patient_id, doctor_id, alert_type, status, message, triggered_at, updated_at) VALUES (gen_random_uuid(), $1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'NO_VITALS', coalesce(nullif($3, ''), 'RESOLVED'), 'm', $2, $2)",
            "kpi_alert_runs" => "INSERT INTO kpi_alert_runs (id, alert_id, tenant_id, kind, occurrence, status, started_at, duration_ms, recipients, missed_occurrences) VALUES (gen_random_uuid(), gen_random_uuid(), $1, 'OCCURRENCE', $2, 'SENT', $2, 1, '{}', 0)",
            "no_show_logs" => "INSERT INTO no_show_logs (id, hospital_id, appointment_id, patient_id, doctor_id, reason, appointment_date, slot_time, timeout_minutes, triggered_at, slot_released, notification_sent) VALUES (gen_random_uuid(), $1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'r', $2::date, '09:00', 15, $2, true, true)",
            "hotel_no_shows" => "INSERT INTO hotel_no_shows (id, hotel_id, reservation_id, detected_at, data) VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2, '{}')",
            "px_case_audits" => "INSERT INTO px_case_audits (id, case_id, tenant_id, actor, action, changes, created_at) VALUES (gen_random_uuid(), gen_random_uuid(), $1, 'system', 'CREATED', '{}', $2)",
            _ => throw new ArgumentException(table),
        };
        return TestPostgres.ExecuteAsync(cluster.ConnectionString, sql, tenant, at, status ?? "");
    }
}
