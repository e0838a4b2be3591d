using Quartz;

namespace Hms.Bench.Peers;

/// <summary>
/// Quartz.NET with its ADO job store on PostgreSQL: each deadline a job with a one-shot simple
/// trigger. Default settings (10 threads, one trigger per acquisition, 30 s idle wait), then tuned.
/// </summary>
public static class QuartzPeer
{
    public static async Task<PeerFigures> RunAsync(string server, int count, bool tuned)
    {
        var name = tuned ? "Quartz.NET (tuned: batches of 40 triggers, 40 threads, 1 s idle wait)" : "Quartz.NET (defaults: 10 threads, 1 trigger per acquisition)";
        var db = tuned ? "bench_quartz_tuned" : "bench_quartz";
        var cs = await PeerRecord.OpenAsync(server, db);

        var builder = QuartzSchedulerBuilder.Create(quartz =>
        {
            quartz.ConfigureScheduler(o =>
            {
                o.InstanceName = "bench-" + db;
                if (tuned)
                {
                    o.MaxBatchSize = 40; // Quartz refuses batches larger than its thread pool
                    o.IdleWaitTime = TimeSpan.FromSeconds(1);
                }
            });
            if (tuned)
            {
                quartz.UseDefaultThreadPool(40);
            }
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(cs);
                store.ProvisionSchema(); // Quartz.NET creates its own tables
                store.UseSystemTextJsonSerializer();
            });
        });
        var scheduler = await builder.BuildScheduler();
        await scheduler.Start();

        var dueAt = Lead.DueAt(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(500))
        {
            var jobs = chunk.ToDictionary(
                i => JobBuilder.Create<QuartzDeadlineJob>().WithIdentity($"deadline-{i}")
                    .UsingJobData("id", Guid.NewGuid().ToString()).UsingJobData("due", dueAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)).Build(),
                i => (IReadOnlyCollection<ITrigger>)[TriggerBuilder.Create().WithIdentity($"deadline-{i}").StartAt(dueAt).Build()]);
            await scheduler.ScheduleJobs(jobs, default);
        }
        return await PeerRecord.CollectAsync(name, cs, count, dueAt, () => scheduler.Shutdown(waitForJobsToComplete: false).AsTask());
    }
}

/// <summary>The job Quartz.NET runs at each deadline.</summary>
public sealed class QuartzDeadlineJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var due = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(data.GetString("due")!, System.Globalization.CultureInfo.InvariantCulture));
        await PeerRecord.HandleAsync(Guid.Parse(data.GetString("id")!), due);
    }
}
