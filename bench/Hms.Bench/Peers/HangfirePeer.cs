using Hangfire;
using Hangfire.PostgreSql;

namespace Hms.Bench.Peers;

/// <summary>
/// Hangfire with Hangfire.PostgreSql: each deadline a delayed job (BackgroundJob.Schedule), picked
/// up by the delayed-job scheduler's poll and run by the workers. Default settings, then tuned.
/// </summary>
public static class HangfirePeer
{
    public static async Task<PeerFigures> RunAsync(string server, int count, bool tuned)
    {
        var name = tuned ? "Hangfire (tuned: 1 s schedule poll, 1 s queue poll, 40 workers)" : "Hangfire (defaults: 15 s schedule poll, min(5 × cores, 20) workers)";
        var db = tuned ? "bench_hangfire_tuned" : "bench_hangfire";
        var cs = await PeerRecord.OpenAsync(server, db);

        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
        if (tuned)
        {
            options.QueuePollInterval = TimeSpan.FromSeconds(1);
        }
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(cs, options, null), options);
        var serverOptions = new BackgroundJobServerOptions();
        if (tuned)
        {
            serverOptions.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            serverOptions.WorkerCount = 40;
        }
        var jobServer = new BackgroundJobServer(serverOptions, storage);
        var client = new BackgroundJobClient(storage);

        var dueAt = Lead.DueAt(count);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, (_, _) =>
        {
            var id = Guid.NewGuid();
            client.Schedule<HangfireDeadlineJob>(j => j.Handle(id, dueAt), dueAt);
            return ValueTask.CompletedTask;
        });
        return await PeerRecord.CollectAsync(name, cs, count, dueAt, () =>
        {
            jobServer.Dispose();
            return Task.CompletedTask;
        });
    }
}

/// <summary>The job Hangfire runs at each deadline.</summary>
public sealed class HangfireDeadlineJob
{
    public Task Handle(Guid id, DateTimeOffset dueAt) => PeerRecord.HandleAsync(id, dueAt);
}

/// <summary>The shared due instant: a whole second far enough ahead for all jobs to be scheduled first.</summary>
public static class Lead
{
    public static DateTimeOffset DueAt(int count)
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(30 + count / 100.0);
        return new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero);
    }

    public static void Check(DateTimeOffset dueAt, string name)
    {
        if (DateTimeOffset.UtcNow >= dueAt)
        {
            throw new InvalidOperationException($"{name}: scheduling took past the due instant; the burst is not valid.");
        }
        Console.WriteLine($"{name}: all scheduled, due {dueAt:HH:mm:ss} UTC");
    }
}
