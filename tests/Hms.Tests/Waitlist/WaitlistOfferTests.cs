using Hms.Appointments;
using Hms.Common;
using Hms.Scheduling;
using Hms.Tests.Infrastructure;
using Hms.Waitlist;

namespace Hms.Tests.Waitlist;

/// <summary>
/// A doctor's waitlist refills freed slots (src/Hms.Grains/Waitlist/): the first in line (earliest fromDate, then
/// registration) gets an offer that holds the slot until it expires; expiry or decline moves it down the line;
/// accepting books it; a slot is never offered to two patients at once.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class WaitlistOfferTests(GrainClusterFixture cluster)
{
    private sealed record Setup(TestHospital Hospital, IWaitlistGrain Waitlist, DateOnly Date, TimeOnly Start, AppointmentView Booked)
    {
        public IDoctorDayGrain Day => Hospital.Cluster.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(Hospital.Doctor.Id, Date));

        public async Task<SlotView> SlotAsync() => (await Day.GetSlots()).Single(s => s.StartTime == Start);

        public async Task<WaitlistOfferView?> OpenOfferAsync() =>
            (await Waitlist.List(Hospital.Admin)).Offers.SingleOrDefault(o => o.Status == WaitlistOfferStatus.OPEN);

        public async Task<Guid> JoinAsync(DateOnly from, DateOnly to)
        {
            var patient = await Hospital.PatientAsync();
            await Waitlist.Join(new JoinWaitlist(patient.Id, from, to), Hospital.Admin);
            return patient.Id;
        }
    }

    /// <summary>A hospital whose doctor has a booked 10:00 slot two days ahead.</summary>
    private async Task<Setup> BookedSlotAsync()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var date = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone).AddDays(2);
        var booked = await hospital.BookAsync((await hospital.PatientAsync()).Id, date, new TimeOnly(10, 0));
        return new Setup(hospital, cluster.Client.GetGrain<IWaitlistGrain>(hospital.Doctor.Id), date, booked.StartTime, booked);
    }

    private Task CancelAsync(Setup s) => cluster.Client.GetGrain<IAppointmentGrain>(s.Booked.Id).Cancel("Travelling", s.Hospital.Admin);

    [Fact]
    public async Task TheSlotGoesByEarliestFromDateThenRegistrationAndOnlyToThoseWhoseRangeHoldsIt()
    {
        var s = await BookedSlotAsync();
        var today = s.Date.AddDays(-2);
        var later = await s.JoinAsync(today.AddDays(1), today.AddDays(5));
        await cluster.Clock.ReachAsync(cluster.Clock.GetUtcNow().AddSeconds(1));
        var outOfRange = await s.JoinAsync(today.AddDays(3), today.AddDays(9));
        var earliest = await s.JoinAsync(today, today.AddDays(5));
        await cluster.Clock.ReachAsync(cluster.Clock.GetUtcNow().AddSeconds(1));
        var earliestRegisteredLater = await s.JoinAsync(today, today.AddDays(2));

        await CancelAsync(s);
        List<Guid> offeredTo = [];
        while (await s.OpenOfferAsync() is { } offer)
        {
            offeredTo.Add(offer.PatientId);
            Assert.True((await s.SlotAsync()).IsHeld);
            await s.Waitlist.Decline(offer.Id, s.Hospital.Admin);
        }

        Assert.Equal([earliest, earliestRegisteredLater, later], offeredTo);
        Assert.DoesNotContain(outOfRange, offeredTo);
        var slot = await s.SlotAsync();
        Assert.True(slot is { IsHeld: false, IsAvailable: true }, $"the slot is free again: {slot}");
        await s.Hospital.BookAsync((await s.Hospital.PatientAsync()).Id, s.Date, s.Start);
    }

    [Fact]
    public async Task ACancellationOffersTheSlotToTheFirstInLineAndHoldsItFromEveryoneElse()
    {
        var s = await BookedSlotAsync();
        var first = await s.JoinAsync(s.Date.AddDays(-1), s.Date);
        await s.JoinAsync(s.Date, s.Date);

        await CancelAsync(s);
        var offer = await s.OpenOfferAsync();
        Assert.NotNull(offer);
        Assert.Equal(first, offer.PatientId);
        Assert.Equal(cluster.Clock.GetUtcNow().AddMinutes(15), offer.ExpiresAt);
        Assert.Equal(offer.ExpiresAt, (await cluster.RemindersOf(s.Waitlist))[WaitlistRules.OfferExpiry.Name]);
        var slot = await s.SlotAsync();
        Assert.True(slot is { IsHeld: true, IsAvailable: false }, $"held: {slot}");

        var walkIn = await s.Hospital.PatientAsync();
        var refused = await Assert.ThrowsAsync<DomainException>(() => s.Hospital.BookAsync(walkIn.Id, s.Date, s.Start));
        Assert.Equal(("slot_held", 409), (refused.Code, refused.Status));

        // The patient hears of it (sms and in-app, with the offer's id), and the read model has the offer.
        await Eventually.Until(() => TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND type = 'WAITLIST_OFFER' AND recipient_id = $2 AND metadata->>'offerId' = $3",
            s.Hospital.Id, first.ToString(), offer.Id.ToString()), n => n == 1, what: "the offer notification");
        Assert.Equal("OPEN", await TestPostgres.ScalarAsync<string>(cluster.ConnectionString,
            "SELECT status FROM waitlist_offers WHERE id = $1 AND hospital_id = $2 AND slot_duration_minutes = 15", offer.Id, s.Hospital.Id));
    }

    [Fact]
    public async Task ANoShowThatReleasesTheSlotAndARescheduleAwayFromItEachOfferTheFreedSlot()
    {
        var s = await BookedSlotAsync();
        var waiting = await s.JoinAsync(s.Date, s.Date);
        // The patient called: marked NO_SHOW days ahead, the slot is released (the date is in the future).
        var noShow = await cluster.Client.GetGrain<IAppointmentGrain>(s.Booked.Id).MarkNoShow(NoShowReason.PATIENT_CALLED, null, s.Hospital.Admin);
        Assert.True(noShow.Log.SlotReleased);
        var offer = await s.OpenOfferAsync();
        Assert.Equal((waiting, s.Date, s.Start), (offer?.PatientId, offer?.Date, offer?.StartTime));
        await s.Waitlist.Accept(offer!.Id, s.Hospital.Admin);

        // Another patient moves from 11:00 to 12:00: 11:00 is freed and offered to the next in line.
        var moving = await s.Hospital.BookAsync((await s.Hospital.PatientAsync()).Id, s.Date, new TimeOnly(11, 0));
        var next = await s.JoinAsync(s.Date, s.Date);
        await cluster.Client.GetGrain<IAppointmentGrain>(moving.Id).Reschedule(new RescheduleAppointment(s.Date, new TimeOnly(12, 0), null), s.Hospital.Admin);
        var moved = await s.OpenOfferAsync();
        Assert.Equal((next, new TimeOnly(11, 0)), (moved?.PatientId, moved?.StartTime));
    }

    [Fact]
    public async Task AnUnansweredOfferExpiresAndTheSlotGoesDownTheLineUntilNobodyIsLeftAndItIsFree()
    {
        var s = await BookedSlotAsync();
        var first = await s.JoinAsync(s.Date, s.Date);
        var second = await s.JoinAsync(s.Date, s.Date);
        await CancelAsync(s);
        var offer = (await s.OpenOfferAsync())!;
        Assert.Equal(first, offer.PatientId);

        var next = await cluster.At(offer.ExpiresAt, s.OpenOfferAsync, o => o is not null && o.PatientId == second, "the second patient's offer");
        Assert.Equal(offer.ExpiresAt.AddMinutes(15), next!.ExpiresAt);
        var list = await s.Waitlist.List(s.Hospital.Admin);
        Assert.Equal(WaitlistOfferStatus.EXPIRED, list.Offers.Single(o => o.Id == offer.Id).Status);
        Assert.All(list.Entries, e => Assert.Equal(WaitlistEntryStatus.WAITING, e.Status));
        Assert.True((await s.SlotAsync()).IsHeld);
        await s.Waitlist.SlotFreed(s.Date, s.Start); // a late or repeated release changes nothing
        Assert.Equal(next, await s.OpenOfferAsync());

        await cluster.At(next.ExpiresAt, () => s.Waitlist.List(s.Hospital.Admin), l => l.Offers.All(o => o.Status == WaitlistOfferStatus.EXPIRED),
            "both offers expired");
        await Eventually.Until(() => cluster.RemindersOf(s.Waitlist), r => !r.ContainsKey(WaitlistRules.OfferExpiry.Name), what: "no deadline left");
        Assert.True((await s.SlotAsync()).IsAvailable);
        await s.Hospital.BookAsync((await s.Hospital.PatientAsync()).Id, s.Date, s.Start);
        Assert.Equal(2, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM job_runs WHERE subject_id = $1 AND job_name = 'WAITLIST_OFFER_DEADLINE' AND items_processed = 1",
            s.Hospital.Doctor.Id.ToString()));
        await Eventually.Until(() => TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM waitlist_offers WHERE hospital_id = $1 AND status = 'EXPIRED'", s.Hospital.Id), n => n == 2, what: "rows expired");
    }

    [Fact]
    public async Task AcceptingBooksTheHeldSlotOnceAndAnExpiredOfferCannotBeAccepted()
    {
        var s = await BookedSlotAsync();
        var first = await s.JoinAsync(s.Date, s.Date);
        var second = await s.JoinAsync(s.Date, s.Date);
        await CancelAsync(s);
        var offer = (await s.OpenOfferAsync())!;

        var booked = await s.Waitlist.Accept(offer.Id, s.Hospital.Admin);
        Assert.Equal((first, s.Date, s.Start, AppointmentStatus.SCHEDULED), (booked.PatientId, booked.AppointmentDate, booked.StartTime, booked.Status));
        var slot = await s.SlotAsync();
        Assert.True(slot is { IsBooked: true, IsHeld: false } && slot.AppointmentId == booked.Id, $"booked by the offer: {slot}");
        var list = await s.Waitlist.List(s.Hospital.Admin);
        Assert.Equal((WaitlistOfferStatus.ACCEPTED, booked.Id), list.Offers.Select(o => (o.Status, o.AppointmentId)).Single());
        Assert.Equal(WaitlistEntryStatus.BOOKED, list.Entries.Single(e => e.PatientId == first).Status);
        Assert.Equal("offer_not_open", (await Assert.ThrowsAsync<DomainException>(() => s.Waitlist.Accept(offer.Id, s.Hospital.Admin))).Code);
        Assert.False((await cluster.RemindersOf(s.Waitlist)).ContainsKey(WaitlistRules.OfferExpiry.Name));

        // The booking is cancelled again: the second in line is offered it, and lets it expire.
        await cluster.Client.GetGrain<IAppointmentGrain>(booked.Id).Cancel(null, s.Hospital.Admin);
        var again = (await s.OpenOfferAsync())!;
        Assert.Equal(second, again.PatientId);
        await cluster.Clock.ReachAsync(again.ExpiresAt);
        var late = await Assert.ThrowsAsync<DomainException>(() => s.Waitlist.Accept(again.Id, s.Hospital.Admin));
        Assert.Equal(("offer_expired", 410), (late.Code, late.Status));
        Assert.Equal(WaitlistOfferStatus.EXPIRED, (await s.Waitlist.List(s.Hospital.Admin)).Offers.Single(o => o.Id == again.Id).Status);
        Assert.True((await s.SlotAsync()).IsAvailable);
    }

    [Fact]
    public async Task ARefusedAcceptanceLeavesTheOfferOpenAndTheSlotHeld()
    {
        var s = await BookedSlotAsync();
        var patient = await s.JoinAsync(s.Date, s.Date);
        await CancelAsync(s);
        var offer = (await s.OpenOfferAsync())!;
        // Meanwhile the patient booked another doctor at that very time: the booking's rule 3 refuses the acceptance.
        var other = await cluster.Client.GetGrain<Hms.Doctors.IDoctorGrain>(Guid.NewGuid()).Register(
            new Hms.Doctors.RegisterDoctor("Meera", "Nair", null, 15, 20, TestHospital.AllDay), s.Hospital.Admin);
        await cluster.Client.GetGrain<IAppointmentGrain>(Guid.NewGuid())
            .Book(new BookAppointment(patient, other.Id, s.Date, s.Start, null), s.Hospital.Admin);

        var refused = await Assert.ThrowsAsync<DomainException>(() => s.Waitlist.Accept(offer.Id, s.Hospital.Admin));
        Assert.Equal("patient_double_booked", refused.Code);
        Assert.Equal(offer, await s.OpenOfferAsync());
        Assert.True((await s.SlotAsync()).IsHeld);
    }

    [Fact]
    public async Task ManyReleasesOfOneSlotAtOnceMakeExactlyOneOffer()
    {
        var s = await BookedSlotAsync();
        for (var i = 0; i < 3; i++)
        {
            await s.JoinAsync(s.Date, s.Date);
        }
        var release = new ReleaseSlot(s.Hospital.Doctor.Id, s.Date, s.Start);
        var owner = cluster.Client.GetGrain<IAppointmentGrain>(s.Booked.Id).GetGrainId();
        await Task.WhenAll([CancelAsync(s), .. Enumerable.Range(0, 10).Select(_ => s.Waitlist.SlotFreed(s.Date, s.Start))]);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => release.ApplyAsync(cluster.Client, owner))); // the cancellation's effect retried

        var offers = (await s.Waitlist.List(s.Hospital.Admin)).Offers;
        Assert.Single(offers);
        Assert.Equal(WaitlistOfferStatus.OPEN, offers[0].Status);
        Assert.True((await s.SlotAsync()).IsHeld);
    }

    [Fact]
    public async Task APatientInLineHoldsOneOfferAtATimeWhenSeveralSlotsAreFreedAtOnce()
    {
        var s = await BookedSlotAsync();
        var more = await Task.WhenAll(new[] { 10, 11, 12 }.Select(async h =>
            await s.Hospital.BookAsync((await s.Hospital.PatientAsync()).Id, s.Date, new TimeOnly(h, 30))));
        var patient = await s.JoinAsync(s.Date, s.Date);

        await Task.WhenAll([CancelAsync(s), .. more.Select(a => cluster.Client.GetGrain<IAppointmentGrain>(a.Id).Cancel(null, s.Hospital.Admin))]);

        var offer = Assert.Single((await s.Waitlist.List(s.Hospital.Admin)).Offers);
        Assert.Equal((patient, WaitlistOfferStatus.OPEN), (offer.PatientId, offer.Status));
        var held = (await s.Day.GetSlots()).Where(x => x.IsHeld).ToList();
        Assert.Equal([offer.StartTime], held.Select(x => x.StartTime));
    }

    [Fact]
    public async Task TheHoldSurvivesTheDaysRegenerationAndLeavingEndsTheOfferForTheNextInLine()
    {
        var s = await BookedSlotAsync();
        var first = await s.JoinAsync(s.Date, s.Date);
        var second = await s.JoinAsync(s.Date, s.Date);
        await CancelAsync(s);
        var offer = (await s.OpenOfferAsync())!;

        var rebuilt = await s.Day.Regenerate();
        Assert.True(rebuilt.Single(x => x.StartTime == s.Start).IsHeld);

        var entry = (await s.Waitlist.List(s.Hospital.Admin)).Entries.Single(e => e.PatientId == first);
        Assert.Equal(WaitlistEntryStatus.LEFT, (await s.Waitlist.Leave(entry.Id, s.Hospital.Admin)).Status);
        var list = await s.Waitlist.List(s.Hospital.Admin);
        Assert.Equal(WaitlistOfferStatus.WITHDRAWN, list.Offers.Single(o => o.Id == offer.Id).Status);
        Assert.Equal(second, list.Offers.Single(o => o.Status == WaitlistOfferStatus.OPEN).PatientId);
        Assert.True((await s.SlotAsync()).IsHeld);
    }

    [Fact]
    public async Task AStartedSlotIsNotOffered()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddMinutes(20));
        var booked = await hospital.BookAsync((await hospital.PatientAsync()).Id, date, start);
        var waitlist = cluster.Client.GetGrain<IWaitlistGrain>(hospital.Doctor.Id);
        await waitlist.Join(new JoinWaitlist((await hospital.PatientAsync()).Id, date, date), hospital.Admin);

        await cluster.Clock.ReachAsync(booked.SlotStartsAt.AddMinutes(1));
        await cluster.Client.GetGrain<IAppointmentGrain>(booked.Id).Cancel(null, hospital.Admin);
        Assert.Empty((await waitlist.List(hospital.Admin)).Offers);
    }
}
