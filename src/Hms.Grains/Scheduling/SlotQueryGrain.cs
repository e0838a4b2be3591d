using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using Hms.Common;
using Hms.Doctors;
using Hms.Hospitals;
using Orleans.Concurrency;

namespace Hms.Scheduling;

/// <summary>
/// Reads and generates a doctor's slots over many days by asking each doctor-day grain, in
/// parallel: the day grains stay the only owners of their slots.
/// </summary>
[StatelessWorker]
public sealed class SlotQueryGrain([FromKeyedServices(HmsClock.Key)] TimeProvider clock) : Grain, ISlotQueryGrain
{
    public async Task<ImmutableArray<SlotView>> Range(Guid doctorId, DateOnly from, DateOnly to, bool availableOnly, Caller caller)
    {
        if (to < from || to.DayNumber - from.DayNumber >= SlotLimits.MaxRangeDays)
        {
            throw Errors.BadRequest("invalid_range", $"The range must run forwards and span at most {SlotLimits.MaxRangeDays} days.");
        }
        var (hospital, zone) = await DoctorAsync(doctorId, caller);
        var today = ZonedTime.Today(clock.GetUtcNow(), zone);
        var (first, last) = (today.AddDays(-SlotLimits.HistoryDays), today.AddDays(hospital.Settings.BookingHorizonDays));
        if (from < first || to > last)
        {
            throw Errors.BadRequest("range_outside_horizon",
                $"Slots can be read from {first:yyyy-MM-dd} (a year back) to {last:yyyy-MM-dd} (the hospital's booking horizon).");
        }
        var slots = Dated(await DaysAsync(doctorId, from, to, day => day.GetSlots()), zone);
        return availableOnly ? [.. slots.Where(s => s.IsAvailable)] : slots;
    }

    public async Task<ImmutableArray<SlotView>> Upcoming(Guid doctorId, Caller caller)
    {
        var (hospital, zone) = await DoctorAsync(doctorId, caller);
        var today = ZonedTime.Today(clock.GetUtcNow(), zone);
        var slots = Dated(await DaysAsync(doctorId, today, today.AddDays(hospital.Settings.SlotGenerationDays - 1), day => day.GetSlots()), zone);
        var now = clock.GetUtcNow();
        // Upcoming: free slots that have not started (one under way is still bookable, but no longer upcoming).
        return [.. slots.Where(s => s.IsAvailable && ZonedTime.ToInstant(s.Date, s.StartTime, zone) > now)];
    }

    public async Task<SlotGeneration> Generate(Guid doctorId, int? days, bool regenerate, Caller caller)
    {
        var (hospital, zone) = await DoctorAsync(doctorId, caller);
        var count = days ?? hospital.Settings.SlotGenerationDays;
        if (count is < 1 or > SlotLimits.MaxRangeDays)
        {
            throw Errors.BadRequest("invalid_range", $"days must be between 1 and {SlotLimits.MaxRangeDays}.");
        }
        var from = ZonedTime.Today(clock.GetUtcNow(), zone);
        var to = from.AddDays(count - 1);
        var slots = Dated(await DaysAsync(doctorId, from, to, day => regenerate ? day.Regenerate() : day.GetSlots()), zone);
        return new SlotGeneration(from, to, count, slots.Count(s => !s.IsOffSchedule), slots.Count(s => s.IsAvailable),
            slots.Count(s => s.IsBooked), slots.Count(s => s.IsOffSchedule));
    }

    private async Task<(HospitalView Hospital, TimeZoneInfo Zone)> DoctorAsync(Guid doctorId, Caller caller)
    {
        var doctor = await GrainFactory.GetGrain<IDoctorGrain>(doctorId).Get(caller);
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(doctor.HospitalId).Get(caller);
        return (hospital, ZonedTime.Zone(hospital.TimeZone));
    }

    private async Task<ImmutableArray<SlotView>> DaysAsync(Guid doctorId, DateOnly from, DateOnly to,
        Func<IDoctorDayGrain, Task<ImmutableArray<SlotView>>> read)
    {
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
            .Select(i => read(GrainFactory.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(doctorId, from.AddDays(i)))));
        return [.. (await Task.WhenAll(days)).SelectMany(d => d)];
    }

    /// <summary>
    /// The slots as of now: those that have ended in the hospital's zone say so and are not available — the
    /// same line booking draws (a slot under way can still be booked; one that has ended is in the past).
    /// </summary>
    private ImmutableArray<SlotView> Dated(ImmutableArray<SlotView> slots, TimeZoneInfo zone)
    {
        var now = clock.GetUtcNow();
        return [.. slots.Select(s => ZonedTime.ToInstant(s.Date, s.StartTime, zone) + (s.EndTime - s.StartTime) <= now ? s with { IsPast = true } : s)];
    }
}
