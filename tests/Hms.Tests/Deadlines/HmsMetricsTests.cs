using System.Diagnostics.Metrics;
using Hms.Jobs;

namespace Hms.Tests.Deadlines;

public sealed class HmsMetricsTests
{
    [Fact]
    public void TheHmsMeterRecordsLatenessHandledFailedAndJobRuns()
    {
        var seen = new List<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HmsMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            seen.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        HmsMetrics.DeadlineHandled(new JobName("NO_SHOW_DEADLINE"), TimeSpan.FromMilliseconds(42));
        HmsMetrics.DeadlineFailed(new JobName("NO_VITALS_DEADLINE"));
        HmsMetrics.JobRun(new JobName("NO_SHOW_RECONCILE"), JobStatus.Completed);
        HmsMetrics.DeadlinesWoken("grain_timer", 2);
        HmsMetrics.DeadlinesWoken("a-tick-with-nothing-due", 0); // not counted

        Assert.Contains(("hms.deadline.lateness", 42.0, "kind=NO_SHOW_DEADLINE"), seen);
        Assert.Contains(("hms.deadlines.handled", 1.0, "kind=NO_SHOW_DEADLINE"), seen);
        Assert.Contains(("hms.deadlines.failed", 1.0, "kind=NO_VITALS_DEADLINE"), seen);
        Assert.Contains(("hms.job_runs", 1.0, "job=NO_SHOW_RECONCILE,status=COMPLETED"), seen);
        Assert.Contains(("hms.deadlines.woken", 2.0, "by=grain_timer"), seen);
        Assert.DoesNotContain(seen, m => m.Instrument == "hms.deadlines.woken" && m.Tags == "by=a-tick-with-nothing-due");
    }
}
