using Hms.Common;
using Hms.Scheduling;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Security;

/// <summary>
/// Reading slots costs no storage and has bounds (src/Hms.Grains/Scheduling/SlotQueryGrain.cs,
/// DoctorDayGrain.cs): a year back to the hospital's booking horizon, and a day that is only read is
/// built in memory, never saved — walking far dates cannot grow the database.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class SlotReadTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task ReadingDaysSavesNothingWhileBookingOneStillDoes()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var today = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);
        var days = Enumerable.Range(1, 7).Select(d => cluster.Client.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(hospital.Doctor.Id, today.AddDays(d)))).ToList();
        foreach (var day in days)
        {
            await cluster.FailNextWriteOf("doctorDay", day); // a save of any of these days would fail
        }

        var slots = await cluster.Client.GetGrain<ISlotQueryGrain>(0).Range(hospital.Doctor.Id, today.AddDays(1), today.AddDays(7), availableOnly: false, hospital.Admin);

        Assert.NotEmpty(slots);
        // The faults were armed: booking one of those days saves it, and meets the injected failure.
        var first = slots[0];
        var patient = await hospital.PatientAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => hospital.BookAsync(patient.Id, first.Date, first.StartTime));
    }

    [Fact]
    public async Task DaysBeyondTheHorizonOrMoreThanAYearBackAreRefused()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var today = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);
        var slots = cluster.Client.GetGrain<ISlotQueryGrain>(0);

        var future = await Assert.ThrowsAsync<DomainException>(() =>
            slots.Range(hospital.Doctor.Id, today.AddYears(5), today.AddYears(5).AddDays(30), availableOnly: false, hospital.Admin));
        Assert.Equal("range_outside_horizon", future.Code);
        var past = await Assert.ThrowsAsync<DomainException>(() =>
            slots.Range(hospital.Doctor.Id, today.AddDays(-SlotLimits.HistoryDays - 1), today.AddDays(-SlotLimits.HistoryDays + 5), availableOnly: false, hospital.Admin));
        Assert.Equal("range_outside_horizon", past.Code);

        var horizon = (await cluster.Client.GetGrain<Hms.Hospitals.IHospitalGrain>(hospital.Id).Get(hospital.Admin)).Settings.BookingHorizonDays;
        Assert.NotEmpty(await slots.Range(hospital.Doctor.Id, today.AddDays(horizon - 6), today.AddDays(horizon), availableOnly: false, hospital.Admin));
        await Assert.ThrowsAsync<DomainException>(() => slots.Range(hospital.Doctor.Id, today.AddDays(horizon - 6), today.AddDays(horizon + 1), availableOnly: false, hospital.Admin));
    }
}
