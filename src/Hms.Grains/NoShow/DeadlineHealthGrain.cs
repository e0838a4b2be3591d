using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;
using Hms.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>The health of a hospital's NO_SHOW check, from its job runs and its pending deadlines.</summary>
[StatelessWorker]
public sealed class DeadlineHealthGrain(
    IJobRunReader runs,
    IAppointmentDeadlineReader deadlines,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, IDeadlineHealthGrain
{
    public async Task<DeadlineHealth> Get(Caller caller)
    {
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller);
        return await Compute(hospital.Id, ZonedTime.Zone(hospital.TimeZone));
    }

    public Task<DeadlineHealth> GetAll(Caller caller) => Compute(null, TimeZoneInfo.Utc);

    private async Task<DeadlineHealth> Compute(string? hospitalId, TimeZoneInfo zone)
    {
        var now = clock.GetUtcNow();
        var check = AppointmentDeadlines.Check;
        var (pending, overdue) = await deadlines.CountAsync(hospitalId, now - options.Value.OverdueGrace);
        var recent = await runs.RecentRunsAsync(hospitalId, check.Jobs, 10);
        var (total, failed) = await runs.TotalsAsync(hospitalId, check.Jobs);
        var (failures, _) = await runs.FailureStreakAsync(hospitalId, check.Jobs);
        var lateness = await runs.LatenessAsync(hospitalId, check.Jobs, now.AddHours(-24));
        var lastSuccess = recent.FirstOrDefault(r => r.Status == JobStatus.Completed);
        var problems = new List<string>();
        if (failures >= JobFamily.FailureThreshold)
        {
            problems.Add($"{failures} consecutive failed runs");
        }
        if (overdue > 0)
        {
            problems.Add($"{overdue} deadline(s) overdue by more than {options.Value.OverdueGrace.TotalSeconds:0} s");
        }
        var localHour = ZonedTime.ToLocal(now, zone).Hour;
        return new DeadlineHealth(check.Name, problems.Count == 0, problems.Count == 0 ? "OK" : string.Join("; ", problems),
            IsWorkingHours: localHour is >= 7 and < 22, recent.FirstOrDefault()?.StartedAt,
            recent.FirstOrDefault() is { } last ? (last.Status == JobStatus.Completed ? "success" : "error") : null,
            failures, lastSuccess, recent, total, failed, pending, overdue, lateness);
    }
}
