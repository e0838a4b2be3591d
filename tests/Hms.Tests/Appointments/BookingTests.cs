using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;
using Hms.Scheduling;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Appointments;

[Collection(GrainCollection.Name)]
public sealed class BookingTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task BookingTakesTheSlotAndArmsTheDeadline()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 20);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));

        var appointment = await hospital.BookAsync(patient.Id, date, start);

        Assert.Equal(AppointmentStatus.SCHEDULED, appointment.Status);
        Assert.Equal(start.AddMinutes(20), appointment.EndTime);
        Assert.Equal(20, appointment.SlotDurationMinutes);
        Assert.Equal(ZonedTime.ToInstant(date, start, hospital.Zone).AddMinutes(20), appointment.NoShowDueAt);
        var slots = await cluster.Client.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(hospital.Doctor.Id, date)).GetSlots();
        var slot = Assert.Single(slots, s => s.StartTime == start);
        Assert.True(slot.IsBooked);
        Assert.Equal(appointment.Id, slot.AppointmentId);
    }

    [Fact]
    public async Task SecondBookingOfATakenSlotConflicts()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        await hospital.BookAsync((await hospital.PatientAsync()).Id, date, start);

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await hospital.BookAsync((await hospital.PatientAsync("Ada", "Lovelace")).Id, date, start));
        Assert.Equal("slot_taken", error.Code);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task ConcurrentBookingsOfOneSlotHaveExactlyOneWinner()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        var patients = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => hospital.PatientAsync("P" + i, "Concurrent")));

        var outcomes = await Task.WhenAll(patients.Select(async p =>
        {
            try
            {
                await hospital.BookAsync(p.Id, date, start);
                return "booked";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "booked"));
        Assert.All(outcomes.Where(o => o != "booked"), o => Assert.Equal("slot_taken", o));
    }

    [Fact]
    public async Task ATimeThatIsNotASlotStartIsRejected()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 30);
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await hospital.BookAsync((await hospital.PatientAsync()).Id, date, start.AddMinutes(10)));
        Assert.Equal("not_a_slot", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task PastDatesAndDatesBeyondTheHorizonAreRejected()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, settings: new HospitalSettings(BookingHorizonDays: 30));
        var patient = await hospital.PatientAsync();
        var today = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);

        var past = await Assert.ThrowsAsync<DomainException>(() => hospital.BookAsync(patient.Id, today.AddDays(-1), new TimeOnly(10, 0)));
        Assert.Equal("date_in_past", past.Code);
        var far = await Assert.ThrowsAsync<DomainException>(() => hospital.BookAsync(patient.Id, today.AddDays(31), new TimeOnly(10, 0)));
        Assert.Equal("date_too_far", far.Code);
        // Day 30 is still inside the horizon.
        var booked = await hospital.BookAsync(patient.Id, today.AddDays(30), new TimeOnly(10, 0));
        Assert.Equal(AppointmentStatus.SCHEDULED, booked.Status);
    }

    [Fact]
    public async Task ASlotThatHasEndedCannotBeBooked()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client, slotDuration: 15);
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddMinutes(-20));
        if (date != ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone))
        {
            cluster.Clock.Advance(TimeSpan.FromMinutes(30)); // keep "20 minutes ago" on today's date
            (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddMinutes(-20));
        }
        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await hospital.BookAsync((await hospital.PatientAsync()).Id, date, start));
        Assert.Equal("date_in_past", error.Code);
    }

    [Fact]
    public async Task BookingAcrossSpringForwardKeepsTheElapsedDeadline()
    {
        // The next day Berlin's clocks jump forward, found from the fake clock, inside a year-long horizon.
        var hospital = await TestHospital.CreateAsync(cluster.Client, "Europe/Berlin", slotDuration: 30,
            settings: new HospitalSettings(BookingHorizonDays: 365));
        var day = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone).AddDays(1);
        while (hospital.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(4, 0))) == hospital.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(0, 0))) ||
               hospital.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(4, 0))) < hospital.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(0, 0))))
        {
            day = day.AddDays(1);
        }

        var appointment = await hospital.BookAsync((await hospital.PatientAsync()).Id, day, new TimeOnly(1, 30));

        // 01:30 CET is 00:30 UTC; thirty elapsed minutes later it is 01:00 UTC, which reads 03:00 CEST.
        var expected = new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
        Assert.Equal(expected, appointment.NoShowDueAt);
        Assert.Equal(new TimeOnly(3, 0), TimeOnly.FromDateTime(ZonedTime.ToLocal(appointment.NoShowDueAt, hospital.Zone)));
    }
}
