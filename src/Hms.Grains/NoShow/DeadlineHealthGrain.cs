using Hms.Common;
using Hms.Deadlines;
using Hms.Hospitals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>The health of a hospital's NO_SHOW check (seed 000 §8), from its job runs and pending deadlines.</summary>
[StatelessWorker]
public sealed class DeadlineHealthGrain(
    IDeadlineReader deadlines,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IDeadlineHealthGrain
{
    public const int UnhealthyAfterFailures = 3;

    public async Task<DeadlineHealth> Get(Caller caller)
    {
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller);
        return await Compute(hospital.Id, ZonedTime.Zone(hospital.TimeZone));
    }

    public Task<DeadlineHealth> GetAll() => Compute(null, TimeZoneInfo.Utc);

    private async Task<DeadlineHealth> Compute(string? hospitalId, TimeZoneInfo zone)
    {
        var now = clock.GetUtcNow();
        var jobs = JobRuns.NoShowCheckJobs;
        var (pending, overdue) = await deadlines.CountAsync(hospitalId, now - options.Value.OverdueGrace);
        var recent = await deadlines.RecentRunsAsync(hospitalId, jobs, 10);
        var (total, failed) = await deadlines.TotalsAsync(hospitalId, jobs);
        var (failures, _) = await deadlines.FailureStreakAsync(hospitalId, jobs);
        var lateness = await deadlines.LatenessAsync(hospitalId, jobs, now.AddHours(-24));
        var lastSuccess = recent.FirstOrDefault(r => r.Status == JobRuns.Completed);
        var problems = new List<string>();
        if (failures >= UnhealthyAfterFailures)
        {
            problems.Add($"{failures} consecutive failed runs");
        }
        if (overdue > 0)
        {
            problems.Add($"{overdue} deadline(s) overdue by more than {options.Value.OverdueGrace.TotalSeconds:0} s");
        }
        var localHour = ZonedTime.ToLocal(now, zone).Hour;
        return new DeadlineHealth(JobRuns.NoShowCheck, problems.Count == 0, problems.Count == 0 ? "OK" : string.Join("; ", problems),
            IsWorkingHours: localHour is >= 7 and < 22, recent.FirstOrDefault()?.StartedAt,
            recent.FirstOrDefault() is { } last ? (last.Status == JobRuns.Completed ? "success" : "error") : null,
            failures, lastSuccess, recent, total, failed, pending, overdue, lateness);
    }
}
