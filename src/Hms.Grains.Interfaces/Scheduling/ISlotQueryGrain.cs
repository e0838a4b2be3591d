using System.Collections.Immutable;
using Hms.Common;

namespace Hms.Scheduling;

/// <summary>Slot reads and generation across many of a doctor's days.</summary>
[Alias("Hms.ISlotQueryGrain")]
public interface ISlotQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The slots of each day from <paramref name="from"/> to <paramref name="to"/> (at most <see cref="SlotLimits.MaxRangeDays"/> days).</summary>
    [Alias("Range")]
    [Allows(Roles.Anyone)]
    Task<ImmutableArray<SlotView>> Range(Guid doctorId, DateOnly from, DateOnly to, bool availableOnly, Caller caller);

    /// <summary>The bookable slots from now over the hospital's slot generation window.</summary>
    [Alias("Upcoming")]
    [Allows(Roles.Anyone)]
    Task<ImmutableArray<SlotView>> Upcoming(Guid doctorId, Caller caller);

    /// <summary>Generates (or with <paramref name="regenerate"/>, rebuilds) the slots of the next <paramref name="days"/> days.</summary>
    [Alias("Generate")]
    [Allows(Roles.HospitalAdmin, Roles.Doctor)]
    Task<SlotGeneration> Generate(Guid doctorId, int? days, bool regenerate, Caller caller);
}

[GenerateSerializer, Immutable, Alias("Hms.SlotGeneration")]
public sealed record class SlotGeneration(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateOnly To,
    [property: Id(2)] int Days,
    [property: Id(3)] int Slots,
    [property: Id(4)] int AvailableSlots,
    [property: Id(5)] int BookedSlots,
    [property: Id(6)] int OffScheduleAppointments);
