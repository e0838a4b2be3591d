using Hms.Appointments;
using Hms.Common;
using Hms.Consultations;
using Hms.Doctors;
using Hms.Tests.Infrastructure;

namespace Hms.Tests.Consultations;

[Collection(GrainCollection.Name)]
public sealed class ConsultationTests(GrainClusterFixture cluster)
{
    private static readonly Diagnosis Flu = new("J10", "Influenza");

    private async Task<(TestHospital Hospital, AppointmentView Appointment, IConsultationGrain Consultation)> CheckedInAsync()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddMinutes(30));
        var appointment = await hospital.BookAsync(patient.Id, date, start);
        await cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).CheckIn(hospital.Admin);
        return (hospital, appointment, cluster.Client.GetGrain<IConsultationGrain>(appointment.Id));
    }

    private Task<DoctorView> OtherDoctorAsync(TestHospital hospital) =>
        cluster.Client.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(
            new RegisterDoctor("Meera", "Nair", "Cardiology", 30, 20, TestHospital.AllDay), hospital.Admin);

    [Fact]
    public async Task StartingMakesTheAppointmentInProgressAndTheFirstUpdateTheConsultation()
    {
        var (hospital, appointment, consultation) = await CheckedInAsync();

        var started = await consultation.Start("Fever", hospital.Admin);

        Assert.Equal(ConsultationStatus.STARTED, started.Status);
        Assert.Equal(appointment.Id, started.AppointmentId);
        var primary = Assert.Single(started.Participants);
        Assert.Equal((hospital.Doctor.Id, ParticipantRole.PRIMARY), (primary.DoctorId, primary.Role));
        Assert.Equal(AppointmentStatus.IN_PROGRESS, (await hospital.GetAsync(appointment.Id)).Status);
        var updated = await consultation.Update(new UpdateConsultation(null, [Flu], "rest"), hospital.Admin);
        Assert.Equal(ConsultationStatus.IN_PROGRESS, updated.Status);
        Assert.Equal("Fever", updated.ChiefComplaint);
    }

    [Fact]
    public async Task CompletionNeedsAChiefComplaintAndADiagnosisAndCompletesTheAppointment()
    {
        var (hospital, appointment, consultation) = await CheckedInAsync();
        await consultation.Start(null, hospital.Admin);

        var neither = await Assert.ThrowsAsync<DomainException>(() => consultation.Complete(hospital.Admin));
        Assert.Equal(("consultation_incomplete", 400), (neither.Code, neither.Status));
        Assert.Contains("Chief complaint is required", neither.Message);
        Assert.Contains("At least one diagnosis is required", neither.Message);
        await consultation.Update(new UpdateConsultation("Cough", null, null), hospital.Admin);
        var noDiagnosis = await Assert.ThrowsAsync<DomainException>(() => consultation.Complete(hospital.Admin));
        Assert.DoesNotContain("Chief complaint", noDiagnosis.Message);
        Assert.Equal(AppointmentStatus.IN_PROGRESS, (await hospital.GetAsync(appointment.Id)).Status);

        await consultation.Update(new UpdateConsultation(null, [Flu], null), hospital.Admin);
        var completed = await consultation.Complete(hospital.Admin);

        Assert.Equal(ConsultationStatus.COMPLETED, completed.Status);
        var done = await hospital.GetAsync(appointment.Id);
        Assert.Equal(AppointmentStatus.COMPLETED, done.Status);
        Assert.Equal(cluster.Clock.GetUtcNow(), done.CompletedAt);
    }

    [Fact]
    public async Task CompletionStillCompletesTheAppointmentWhenTheSecondStepFailsAtFirst()
    {
        var (hospital, appointment, consultation) = await CheckedInAsync();
        await consultation.Start("Cough", hospital.Admin);
        await consultation.Update(new UpdateConsultation(null, [Flu], null), hospital.Admin);
        await cluster.FailNextWriteOf("appointment", cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id));

        var completed = await consultation.Complete(hospital.Admin);

        // The consultation is saved COMPLETED with the appointment's completion owed; its retry finishes the pair.
        Assert.Equal(ConsultationStatus.COMPLETED, completed.Status);
        Assert.Equal(AppointmentStatus.IN_PROGRESS, (await hospital.GetAsync(appointment.Id)).Status);
        // The consultation's outbox retries on a grain timer (real time) while the fake clock stands still,
        // so the appointment is completed at exactly the clock's instant.
        var done = await Eventually.Until(() => hospital.GetAsync(appointment.Id), a => a.Status == AppointmentStatus.COMPLETED,
            TimeSpan.FromSeconds(20), "the appointment completes on retry");
        Assert.Equal(cluster.Clock.GetUtcNow(), done.CompletedAt);
    }

    [Fact]
    public async Task TheAppointmentCannotBeCompletedAroundAnOpenConsultation()
    {
        var (hospital, appointment, consultation) = await CheckedInAsync();
        await consultation.Start("Cough", hospital.Admin);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).ChangeStatus(AppointmentStatus.COMPLETED, null, hospital.Admin));
        Assert.Equal(("consultation_open", 409), (error.Code, error.Status));
    }

    [Fact]
    public async Task ParticipantsAreAddedOnceNeverThePrimaryAndAreNotified()
    {
        var (hospital, _, consultation) = await CheckedInAsync();
        await consultation.Start("Chest pain", hospital.Admin);
        var cardiologist = await OtherDoctorAsync(hospital);

        var withCardiologist = await consultation.AddParticipant(cardiologist.Id, ParticipantRole.CONSULTING, hospital.Admin);
        Assert.Contains(withCardiologist.Participants, p => p.DoctorId == cardiologist.Id && p.Role == ParticipantRole.CONSULTING);
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(cluster.ConnectionString,
            "SELECT count(*) FROM notifications WHERE recipient_type = 'DOCTOR' AND recipient_id = $1 AND priority = 'HIGH'",
            cardiologist.Id.ToString()));

        async Task<DomainException> Refused(Guid doctorId, ParticipantRole role) =>
            await Assert.ThrowsAsync<DomainException>(() => consultation.AddParticipant(doctorId, role, hospital.Admin));
        Assert.Equal(("already_participant", 409), ((await Refused(cardiologist.Id, ParticipantRole.ASSISTING)).Code, 409));
        Assert.Equal("primary_doctor", (await Refused(hospital.Doctor.Id, ParticipantRole.SUPERVISING)).Code);
        Assert.Equal("invalid_participant_role", (await Refused((await OtherDoctorAsync(hospital)).Id, ParticipantRole.PRIMARY)).Code);
        Assert.Equal("doctor_not_found", (await Refused(Guid.NewGuid(), ParticipantRole.ASSISTING)).Code);

        await consultation.Abandon("Patient left", hospital.Admin);
        Assert.Equal("consultation_finished", (await Refused((await OtherDoctorAsync(hospital)).Id, ParticipantRole.ASSISTING)).Code);
    }

    [Fact]
    public async Task AFinishedConsultationStaysFinished()
    {
        var (hospital, _, consultation) = await CheckedInAsync();
        await consultation.Start("Cough", hospital.Admin);
        await consultation.Update(new UpdateConsultation(null, [Flu], null), hospital.Admin);
        await consultation.Complete(hospital.Admin);

        foreach (var attempt in new Func<Task>[]
        {
            () => consultation.Complete(hospital.Admin),
            () => consultation.Abandon(null, hospital.Admin),
            () => consultation.Update(new UpdateConsultation("Other", null, null), hospital.Admin),
            () => consultation.Start(null, hospital.Admin),
        })
        {
            var error = await Assert.ThrowsAsync<DomainException>(attempt);
            Assert.Equal("consultation_finished", error.Code);
        }
    }

    [Fact]
    public async Task AConsultationNeedsAnAppointmentThatHasNotFinished()
    {
        var hospital = await TestHospital.CreateAsync(cluster.Client);
        var missing = await Assert.ThrowsAsync<DomainException>(() =>
            cluster.Client.GetGrain<IConsultationGrain>(Guid.NewGuid()).Start(null, hospital.Admin));
        Assert.Equal("appointment_not_found", missing.Code);

        var patient = await hospital.PatientAsync();
        var (date, start) = hospital.SlotAt(cluster.Clock.GetUtcNow().AddHours(2));
        var appointment = await hospital.BookAsync(patient.Id, date, start);
        await cluster.Client.GetGrain<IAppointmentGrain>(appointment.Id).Cancel(null, hospital.Admin);
        var cancelled = await Assert.ThrowsAsync<DomainException>(() =>
            cluster.Client.GetGrain<IConsultationGrain>(appointment.Id).Start(null, hospital.Admin));
        Assert.Equal("invalid_status_transition", cancelled.Code);
    }
}
