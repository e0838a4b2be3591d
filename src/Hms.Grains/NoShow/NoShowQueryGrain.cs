using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Hms.NoShow;

/// <summary>NO_SHOW reports across appointments, answered from the read model on any silo.</summary>
[StatelessWorker]
public sealed class NoShowQueryGrain(INoShowLogReader logs, [FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, INoShowQueryGrain
{
    public const int MaxStatsDays = 366;

    public Task<Page<NoShowLogView>> GetLogs(NoShowLogFilter filter, Caller caller) =>
        logs.ReadAsync(caller.TenantId, filter);

    public async Task<NoShowStats> GetStats(DateOnly? from, DateOnly? to, Caller caller)
    {
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller);
        var now = clock.GetUtcNow();
        var today = ZonedTime.Today(now, ZonedTime.Zone(hospital.TimeZone));
        var end = to ?? today;
        var start = from ?? end.AddDays(-29);
        if (end < start || end.DayNumber - start.DayNumber >= MaxStatsDays)
        {
            throw Errors.BadRequest("invalid_range", $"from must not be after to, and the range spans at most {MaxStatsDays} days.");
        }
        return await logs.StatsAsync(hospital.Id, start, end, now);
    }
}
