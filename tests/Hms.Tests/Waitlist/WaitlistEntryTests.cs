using Hms.Common;
using Hms.Patients;
using Hms.Tests.Infrastructure;
using Hms.Waitlist;

namespace Hms.Tests.Waitlist;

/// <summary>Joining a doctor's waitlist (src/Hms.Grains/Waitlist/WaitlistGrain.cs): who may, for which dates, and once.</summary>
[Collection(GrainCollection.Name)]
public sealed class WaitlistEntryTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task APatientJoinsOnlyForThemselvesAndSeesOnlyTheirOwnEntries()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var waitlist = cluster.Client.GetGrain<IWaitlistGrain>(hospital.Doctor.Id);
        var today = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);
        var asha = await cluster.Client.GetGrain<IPatientGrain>(Guid.NewGuid()).Register(
            new RegisterPatient("Asha", "Rao", "MRN-" + Guid.NewGuid().ToString("N")[..10], null, null, "user-asha"), hospital.Admin);
        var roy = await hospital.PatientAsync();
        var ashaUser = new Caller("user-asha", hospital.Id, [Roles.Patient]);

        var refused = await Assert.ThrowsAsync<DomainException>(() => waitlist.Join(new JoinWaitlist(roy.Id, today, today), ashaUser));
        Assert.Equal(("not_own_patient_record", 403), (refused.Code, refused.Status));
        var own = await waitlist.Join(new JoinWaitlist(asha.Id, today, today.AddDays(3)), ashaUser);
        await waitlist.Join(new JoinWaitlist(roy.Id, today, today), hospital.Admin);

        Assert.Equal(own, Assert.Single((await waitlist.List(ashaUser)).Entries));
        Assert.Empty((await waitlist.List(ashaUser)).Offers);
        Assert.Equal(2, (await waitlist.List(hospital.Admin)).Entries.Length);
        var roysEntry = (await waitlist.List(hospital.Admin)).Entries.Single(e => e.PatientId == roy.Id);
        var strangerLeaves = await Assert.ThrowsAsync<DomainException>(() => waitlist.Leave(roysEntry.Id, ashaUser));
        Assert.Equal("waitlist_entry_not_found", strangerLeaves.Code);
    }

    [Fact]
    public async Task BadEntriesAreRefusedWithTheirOwnCodes()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var waitlist = cluster.Client.GetGrain<IWaitlistGrain>(hospital.Doctor.Id);
        var today = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone);
        var patient = await hospital.PatientAsync();
        async Task<(string, int)> Refused(Guid patientId, DateOnly from, DateOnly to, Caller? caller = null, IWaitlistGrain? on = null)
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => (on ?? waitlist).Join(new JoinWaitlist(patientId, from, to), caller ?? hospital.Admin));
            return (e.Code, e.Status);
        }

        Assert.Equal(("invalid_date_range", 400), await Refused(patient.Id, today.AddDays(2), today.AddDays(1)));
        Assert.Equal(("date_in_past", 400), await Refused(patient.Id, today.AddDays(-1), today));
        Assert.Equal(("date_too_far", 400), await Refused(patient.Id, today, today.AddDays(31)));
        Assert.Equal(("patient_not_found", 404), await Refused(Guid.NewGuid(), today, today));
        Assert.Equal(("doctor_not_found", 404), await Refused(patient.Id, today, today, on: cluster.Client.GetGrain<IWaitlistGrain>(Guid.NewGuid())));
        var other = await TestHospital.CreateAsync(cluster.Client);
        Assert.Equal(("patient_not_found", 404), await Refused(patient.Id, today, today, other.Admin));
        Assert.Equal("doctor_not_found", (await Assert.ThrowsAsync<DomainException>(() => waitlist.List(other.Admin))).Code);

        await waitlist.Join(new JoinWaitlist(patient.Id, today, today.AddDays(30)), hospital.Admin);
        Assert.Equal(("already_waitlisted", 409), await Refused(patient.Id, today.AddDays(1), today.AddDays(2)));
        Assert.Single((await waitlist.List(hospital.Admin)).Entries);
    }
}
