using Hms.Appointments;
using Hms.Common;
using Hms.Patients;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Security;

/// <summary>
/// Role limits hold in the grains, not only at the API (src/Hms.Grains/Appointments/AppointmentGrain.cs):
/// a patient who may see its own appointment still may not check itself in, record its vitals or move
/// its status — whatever way the call reaches the cluster.
/// </summary>
[Collection(GrainCollection.Name)]
public sealed class GrainRoleTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task APatientSeesItsAppointmentButCannotCheckInRecordVitalsOrMoveIt()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var userId = "patient-" + Guid.NewGuid().ToString("N")[..8];
        var patient = await cluster.Client.GetGrain<IPatientGrain>(Guid.NewGuid())
            .Register(new RegisterPatient("Asha", "Rao", "MRN-" + Guid.NewGuid().ToString("N")[..10], null, null, userId), hospital.Admin);
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        var booked = await hospital.BookAsync(patient.Id, date, start);
        var self = new Caller(userId, hospital.Id, [Roles.Patient]);
        var appointment = cluster.Client.GetGrain<IAppointmentGrain>(booked.Id);
        Assert.Equal(booked.Id, (await appointment.Get(self)).Id);

        Assert.Equal("forbidden", (await Assert.ThrowsAsync<DomainException>(() => appointment.CheckIn(self))).Code);
        Assert.Equal("forbidden", (await Assert.ThrowsAsync<DomainException>(() => appointment.ChangeStatus(AppointmentStatus.CONFIRMED, null, self))).Code);
        var nurse = new Caller("nurse-1", hospital.Id, [Roles.Nurse]);
        await appointment.CheckIn(nurse);
        var vitals = new Vitals(120, 80, 70, 36.8m, 14, 98, 70m, null);
        Assert.Equal("forbidden", (await Assert.ThrowsAsync<DomainException>(() => appointment.RecordVitals(vitals, self))).Code);
        Assert.Equal("forbidden", (await Assert.ThrowsAsync<DomainException>(() =>
            appointment.RecordVitals(vitals, new Caller("desk-1", hospital.Id, [Roles.Receptionist])))).Code);
        Assert.NotNull((await appointment.RecordVitals(vitals, nurse)).VitalsRecordedAt);
    }

    [Fact]
    public async Task OnlyTheHospitalsAdminsAndDoctorsBlockItsSlots()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var other = await TestHospital.CreateAsync(cluster.Client);
        var day = ZonedTime.Today(cluster.Clock.GetUtcNow(), hospital.Zone).AddDays(2);
        var doctorDay = cluster.Client.GetGrain<Hms.Scheduling.IDoctorDayGrain>(Hms.Scheduling.DoctorDayKey.For(hospital.Doctor.Id, day));
        var ten = new TimeOnly(10, 0);

        Assert.Equal("doctor_not_found", (await Assert.ThrowsAsync<DomainException>(() => doctorDay.SetBlocked(ten, true, "x", other.Admin))).Code);
        foreach (var role in new[] { Roles.Patient, Roles.Nurse, Roles.Receptionist })
        {
            Assert.Equal("forbidden", (await Assert.ThrowsAsync<DomainException>(() =>
                doctorDay.SetBlocked(ten, true, "x", new Caller("u-" + role, hospital.Id, [role])))).Code);
        }
        Assert.Equal("not_own_schedule", (await Assert.ThrowsAsync<DomainException>(() =>
            doctorDay.SetBlocked(ten, true, "x", new Caller("dr-other", hospital.Id, [Roles.Doctor])))).Code);
        Assert.True((await doctorDay.SetBlocked(ten, true, "Ward round", hospital.DoctorUser)).IsBlocked);
    }
}
