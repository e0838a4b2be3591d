using System.Collections.Immutable;
using System.Text;
using Hms.Common;
using Hms.KpiAlerts;
using Hms.Tests.Infrastructure;
using MimeKit;

namespace Hms.Tests.KpiAlerts;

/// <summary>
/// KPI alerts as grains with their own deadline, on the fixture's fake clock, the built-in
/// store in PostgreSQL and report mail over SMTP to a loopback listener.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class KpiAlertGrainTests(GrainClusterFixture cluster)
{
    private readonly string _tenant = "org-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _name = "ER visits " + Guid.NewGuid().ToString("N")[..8];

    private Caller Manager => new("manager-1", _tenant, [Roles.Manager]);

    private DateTimeOffset Now => cluster.Clock.GetUtcNow();

    private KpiAlertDefinition Schedule(AttachmentType attachment = AttachmentType.CSV, GatingCondition? gating = null, string metric = "er.visits") =>
        new(_name, "dash-1", "graph-1", metric, ["ops@example.org", "lead@example.org"], true, KpiAlertType.schedule, KpiSource.BuiltIn,
            new ScheduleSettings(new KpiSchedule(ScheduleFrequency.HOURLY, 0, Now.AddMinutes(10).Minute, [], [], "Europe/Berlin"), attachment, gating),
            null);

    private KpiAlertDefinition Threshold(int hold = 0, string metric = "er.waiting") =>
        new(_name, "dash-1", "graph-2", metric, ["ops@example.org"], true, KpiAlertType.threshold, KpiSource.BuiltIn, null,
            new ThresholdSettings(Comparison.GREATER_THAN, 100m, 5, hold, null, "Europe/Berlin"));

    private IKpiAlertGrain Alert(Guid id) => cluster.Client.GetGrain<IKpiAlertGrain>(id);

    private Task<KpiAlertView> CreateAsync(KpiAlertDefinition d) => Alert(Guid.NewGuid()).Create(d, Manager);

    private Task PushAsync(string metric, DateTimeOffset at, decimal value) =>
        cluster.Client.GetGrain<IKpiMetricGrain>(KpiMetricKey.Of(_tenant, metric)).Push(new KpiPoint(at, value), Manager);

    private async Task<ImmutableArray<KpiRun>> RunsAsync(Guid alertId) =>
        (await cluster.Client.GetGrain<IKpiQueryGrain>(0).Runs(alertId, Paging.Default, Manager)).Items;

    private Task<ImmutableArray<KpiRun>> RunsUntilAsync(Guid alertId, Func<ImmutableArray<KpiRun>, bool> done, string what) =>
        Eventually.Until(() => RunsAsync(alertId), done, () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: what);

    private Task<ImmutableDictionary<string, DateTimeOffset>> RemindersAsync(Guid alertId) => cluster.RemindersOf(Alert(alertId));

    private List<MimeMessage> Mail() => [.. cluster.Smtp.Received.Select(m => m.Parse()).Where(m => m.Subject?.Contains(_name) == true)];

    [Fact]
    public async Task AScheduledReportGoesOutOnceAtItsOccurrenceWithTheValuesOfItsHour()
    {
        var alert = await CreateAsync(Schedule());
        var occurrence = alert.NextRunAt!.Value;
        Assert.True(occurrence > Now && occurrence <= Now.AddHours(1));
        await PushAsync("er.visits", occurrence.AddMinutes(-50), 12.5m);
        await PushAsync("er.visits", occurrence.AddMinutes(-1), 30m);
        await PushAsync("er.visits", occurrence.AddMinutes(-61), 99m); // the hour before: not in this report
        await PushAsync("er.visits", occurrence, 98m); // the period ends at the occurrence, exclusive

        Assert.Equal(occurrence, (await RemindersAsync(alert.Id))[KpiAlertRules.Occurrence.Name]);
        var runs = await cluster.At(occurrence, () => RunsAsync(alert.Id), r => r.Length == 1, "the occurrence ran");
        var run = runs.Single();
        Assert.Equal((KpiRunKind.OCCURRENCE, KpiRunStatus.SENT, occurrence, AttachmentType.CSV, 0),
            (run.Kind, run.Status, run.Occurrence, run.AttachmentType!.Value, run.MissedOccurrences));
        Assert.Equal(["ops@example.org", "lead@example.org"], run.Recipients.ToArray());

        var mail = await Eventually.Until(() => Task.FromResult(Mail()), m => m.Count == 1, what: "the report mail");
        var attachment = (MimePart)mail[0].Attachments.Single();
        Assert.EndsWith(".csv", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(run.AttachmentBytes, content.Length);
        var csv = Encoding.UTF8.GetString(content.ToArray());
        Assert.Contains(",12.5\r\n", csv);
        Assert.Contains(",30\r\n", csv);
        // Value cells only: the report's title carries the alert's random name, which may hold the digits.
        Assert.DoesNotContain(",99\r\n", csv);
        Assert.DoesNotContain(",98\r\n", csv);
        Assert.Equal(["ops@example.org", "lead@example.org"], mail[0].To.Mailboxes.Select(m => m.Address).ToArray());

        // The deadline moved to the next hour, and its reminder with it: nothing ticks before then.
        var after = await Alert(alert.Id).Get(Manager);
        Assert.Equal((occurrence.AddHours(1), occurrence), (after.NextRunAt!.Value, after.LastOccurrence!.Value));
        Assert.Equal(occurrence.AddHours(1), Assert.Single(await RemindersAsync(alert.Id)).Value);
        Assert.Single(await RunsAsync(alert.Id));
        Assert.Single(Mail());
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE job_name = 'KPI_OCCURRENCE_DEADLINE' AND subject_id = $1 AND status = 'COMPLETED' AND lateness_ms = 0",
            alert.Id.ToString()));
    }

    [Fact]
    public async Task AGatingConditionNotMetSkipsTheOccurrenceWithItsReason()
    {
        var alert = await CreateAsync(Schedule(gating: new GatingCondition("er.revenue", Comparison.GREATER_THAN, 10_000m)));
        await PushAsync("er.revenue", Now, 8_000m);

        cluster.Clock.SetUtcNow(alert.NextRunAt!.Value);
        var run = (await RunsUntilAsync(alert.Id, r => r.Length == 1, "the gated occurrence")).Single();
        Assert.Equal(KpiRunStatus.SKIPPED, run.Status);
        Assert.Equal("Gating condition not met: er.revenue is 8000, not > 10000.", run.Reason);
        Assert.Equal(8_000m, run.Value);
        Assert.Empty(run.Recipients);
        // A run's mail is sent before the run is recorded, so none can still be on its way.
        Assert.Empty(Mail());
    }

    [Fact]
    public async Task OccurrencesMissedWhileNothingRanRunOnceAsTheLatest()
    {
        var alert = await CreateAsync(Schedule());
        var first = alert.NextRunAt!.Value;

        // The reminder's first chance to tick comes three hours late (as after an outage).
        cluster.Clock.SetUtcNow(first.AddHours(3).AddMinutes(1));
        var run = (await RunsUntilAsync(alert.Id, r => r.Length == 1, "one run for the missed occurrences")).Single();
        Assert.Equal((first.AddHours(3), 3, KpiRunStatus.SENT), (run.Occurrence, run.MissedOccurrences, run.Status));
        Assert.Equal(first.AddHours(4), (await Alert(alert.Id).Get(Manager)).NextRunAt);
        // The reminder is armed as "now + the wait"; the poll above moves the fake clock in 250 ms steps, and a step
        // can fall between the two reads (a real clock moves by microseconds there).
        Assert.InRange(Assert.Single(await RemindersAsync(alert.Id)).Value, first.AddHours(4), first.AddHours(4).AddSeconds(1));
        Assert.Single(await RunsAsync(alert.Id));
    }

    [Fact]
    public async Task PausingDisarmsTheDeadlineAndResumingRearmsItFromNow()
    {
        var alert = await CreateAsync(Schedule());
        var paused = await Alert(alert.Id).Change(new ChangeKpiAlert(IsActive: false), Manager);
        Assert.Null(paused.NextRunAt);
        // Paused, the alert holds no reminder: its occurrence cannot tick.
        Assert.Empty(await RemindersAsync(alert.Id));

        cluster.Clock.SetUtcNow(alert.NextRunAt!.Value.AddMinutes(1));
        Assert.Empty(await RunsAsync(alert.Id));

        var resumed = await Alert(alert.Id).Change(new ChangeKpiAlert(IsActive: true), Manager);
        Assert.Equal(alert.NextRunAt.Value.AddHours(1), resumed.NextRunAt);
    }

    [Fact]
    public async Task AThresholdFiresOnANewValueNotifiesOnceAndSendsARecoveryNotice()
    {
        var alert = await CreateAsync(Threshold());
        Assert.Equal(ThresholdState.OK, alert.Threshold!.State);

        await PushAsync("er.waiting", Now, 150m);
        var fired = await Eventually.Until(() => Alert(alert.Id).Get(Manager), a => a.Threshold!.State == ThresholdState.FIRING, what: "firing");
        Assert.Equal(150m, fired.Threshold!.LastEvaluation!.Value);
        await Eventually.Until(() => Task.FromResult(Mail()), m => m.Count == 1, what: "the firing notice");
        Assert.StartsWith("[FIRING]", Mail()[0].Subject);

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await PushAsync("er.waiting", Now, 160m);
        await Eventually.Until(() => Alert(alert.Id).Get(Manager), a => a.Threshold!.LastEvaluation!.Value == 160m, what: "evaluated again");

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await PushAsync("er.waiting", Now, 90m);
        await Eventually.Until(() => Alert(alert.Id).Get(Manager), a => a.Threshold!.State == ThresholdState.OK, what: "recovered");
        // The recovery notice is the marker: the alert evaluates one value at a time, so a notice the
        // second value (still firing) had sent would have arrived before it. No spam: just the two.
        await Eventually.Until(() => Task.FromResult(Mail()), m => m.Any(x => x.Subject?.StartsWith("[RECOVERED]", StringComparison.Ordinal) == true),
            what: "the recovery notice");
        var mail = Mail();
        Assert.Equal(2, mail.Count);
        Assert.StartsWith("[FIRING]", mail[0].Subject);
        Assert.StartsWith("[RECOVERED]", mail[1].Subject);
        var runs = await RunsUntilAsync(alert.Id, r => r.Length == 2, "two notices in the history");
        Assert.Equal(["RECOVERED", "FIRING"], runs.Select(r => r.Reason));
        Assert.All(runs, r => Assert.Equal((KpiRunKind.EVALUATION, KpiRunStatus.SENT), (r.Kind, r.Status)));
    }

    [Fact]
    public async Task AHoldPeriodIsEndedByTheAlertsOwnDeadline()
    {
        var alert = await CreateAsync(Threshold(hold: 10));
        await PushAsync("er.waiting", Now, 150m);
        var pending = await Eventually.Until(() => Alert(alert.Id).Get(Manager), a => a.Threshold!.State == ThresholdState.PENDING, what: "pending");
        Assert.Equal(pending.Threshold!.PendingSince!.Value.AddMinutes(5), pending.NextRunAt); // the next periodic evaluation comes first

        cluster.Clock.SetUtcNow(pending.Threshold.PendingSince.Value.AddMinutes(10));
        await Eventually.Until(() => Alert(alert.Id).Get(Manager), a => a.Threshold!.State == ThresholdState.FIRING,
            () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "firing after the hold");
        await Eventually.Until(() => Task.FromResult(Mail()), m => m.Count == 1, what: "the firing notice");
    }

    [Fact]
    public async Task AThresholdWithoutDataRecordsAnErrorEvaluationAndNeverAlerts()
    {
        var alert = await CreateAsync(Threshold(metric: "never.pushed"));
        cluster.Clock.SetUtcNow(alert.NextRunAt!.Value);
        var run = (await RunsUntilAsync(alert.Id, r => r.Length == 1, "the error evaluation")).Single();
        Assert.Equal((KpiRunKind.EVALUATION, KpiRunStatus.ERROR), (run.Kind, run.Status));
        Assert.Equal("No data: never.pushed has no value.", run.Error);

        // The next evaluations keep failing: one ERROR recorded for the streak, state unchanged, no mail.
        cluster.Clock.SetUtcNow(alert.NextRunAt.Value.AddMinutes(10).AddSeconds(1));
        var evaluated = await Eventually.Until(() => Alert(alert.Id).Get(Manager), a => a.NextRunAt > alert.NextRunAt.Value.AddMinutes(10),
            () => cluster.Clock.Advance(TimeSpan.FromMilliseconds(250)), what: "evaluated twice more");
        Assert.Equal(ThresholdState.OK, evaluated.Threshold!.State);
        Assert.Single(await RunsAsync(alert.Id));
        Assert.Empty(Mail());
    }

    [Fact]
    public async Task ATestSendMailsTheReportNowWithoutMovingTheSchedule()
    {
        var alert = await CreateAsync(Schedule(AttachmentType.PDF));
        var run = await Alert(alert.Id).RunNow(Manager);
        Assert.Equal((KpiRunKind.TEST, KpiRunStatus.SENT, AttachmentType.PDF), (run.Kind, run.Status, run.AttachmentType!.Value));
        Assert.True(run.AttachmentBytes > 0);
        var mail = await Eventually.Until(() => Task.FromResult(Mail()), m => m.Count == 1, what: "the test mail");
        Assert.Equal("application/pdf", mail[0].Attachments.Single().ContentType.MimeType);
        Assert.Equal(alert.NextRunAt, (await Alert(alert.Id).Get(Manager)).NextRunAt);
    }

    [Fact]
    public async Task AReportThatFailedIsRetriedAMinuteLaterAndSentOnce()
    {
        var alert = await CreateAsync(Schedule());
        var occurrence = alert.NextRunAt!.Value;
        cluster.Smtp.Stop(); // the mail server is down at the occurrence
        try
        {
            cluster.Clock.SetUtcNow(occurrence);
            var failed = (await RunsUntilAsync(alert.Id, r => r.Length == 1, "the failed attempt")).Single();
            Assert.Equal((KpiRunStatus.FAILED, 1, occurrence), (failed.Status, failed.Attempt, failed.Occurrence));
            Assert.NotNull(failed.Error);
            Assert.StartsWith("Attempt 1 failed; attempt 2 at ", failed.Reason);
        }
        finally
        {
            cluster.Smtp.Start();
        }

        cluster.Clock.SetUtcNow(occurrence.AddMinutes(1).AddSeconds(1));
        var runs = await RunsUntilAsync(alert.Id, r => r.Length == 2, "the retry");
        Assert.Equal((KpiRunStatus.SENT, 2, occurrence), (runs[0].Status, runs[0].Attempt, runs[0].Occurrence));
        await Eventually.Until(() => Task.FromResult(Mail()), m => m.Count == 1, what: "the report, once");
        Assert.Equal(occurrence.AddHours(1), (await Alert(alert.Id).Get(Manager)).NextRunAt);
        // The retry deadline is gone and the occurrence moved on: the one reminder left ticks next hour. Its first
        // tick is registered as "in so long from now", and the polls above nudge the fake clock by 250 ms while the
        // grain registers it, so it may land up to a nudge late; the occurrence itself (NextRunAt) is exact.
        Assert.InRange(Assert.Single(await RemindersAsync(alert.Id)).Value, occurrence.AddHours(1), occurrence.AddHours(1).AddSeconds(1));
        Assert.Equal(2, (await RunsAsync(alert.Id)).Length);
        Assert.Single(Mail());
    }
}
