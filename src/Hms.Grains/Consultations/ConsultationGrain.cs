using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Doctors;
using Hms.Notifications;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Consultations;

/// <summary>The consultation started: its appointment (same key) becomes IN_PROGRESS.</summary>
[GenerateSerializer, Immutable, Alias("Hms.BeginAppointment")]
public sealed record class BeginAppointment([property: Id(0)] Caller Caller) : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) =>
        grains.GetGrain<IAppointmentGrain>(owner.GetGuidKey()).BeginConsultation(Caller);
}

/// <summary>The consultation completed: so does its appointment.</summary>
[GenerateSerializer, Immutable, Alias("Hms.CompleteAppointment")]
public sealed record class CompleteAppointment : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) => grains.GetGrain<IAppointmentGrain>(owner.GetGuidKey()).CompleteConsultation();
}

/// <summary>The consultation was abandoned: its appointment may be completed on its own again.</summary>
[GenerateSerializer, Immutable, Alias("Hms.EndAppointmentConsultation")]
public sealed record class EndAppointmentConsultation : Effect
{
    public override Task ApplyAsync(IGrainFactory grains, GrainId owner) => grains.GetGrain<IAppointmentGrain>(owner.GetGuidKey()).EndConsultation();
}

[GenerateSerializer, Alias("Hms.ConsultationState")]
public sealed record class ConsultationState : IOutboxState<ConsultationState>
{
    [Id(0)] public ConsultationView? Consultation { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public ConsultationState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// The consultation of one appointment (keyed by the appointment's id). Its changes to the
/// appointment are effects saved with its own state, so completing the consultation and completing
/// the appointment end consistent even if the process dies between the two.
/// </summary>
public sealed class ConsultationGrain(
    [PersistentState("consultation", StoreNames.Hms)] IPersistentState<ConsultationState> state,
    GrainServices services,
    ILogger<ConsultationGrain> logger) : OutboxGrain<ConsultationState>(state, services, logger), IConsultationGrain
{
    private static readonly Notice ParticipantAdded =
        new("CONSULTATION_PARTICIPANT_ADDED", "Consultation Request", Priority.High, [Channel.InApp, Channel.Email]);

    private Guid AppointmentId => this.GetPrimaryKey();

    private IAppointmentGrain Appointment => GrainFactory.GetGrain<IAppointmentGrain>(AppointmentId);

    public async Task<ConsultationView> Start(string? chiefComplaint, Caller caller)
    {
        if (State.Consultation is { } existing && existing.HospitalId == caller.TenantId)
        {
            ConsultationRules.EnsureOpen(existing);
            return existing; // opening it again is harmless
        }
        var appointment = await Appointment.Get(caller);
        StatusRules.EnsureCanMove(appointment.Status, AppointmentStatus.IN_PROGRESS);
        var consultation = new ConsultationView(AppointmentId, AppointmentId, appointment.HospitalId, appointment.PatientId,
            appointment.DoctorId, ConsultationStatus.STARTED, chiefComplaint, [], Notes: null,
            [new Participant(appointment.DoctorId, ParticipantRole.PRIMARY, Now, caller.UserId)], Now,
            CompletedAt: null, AbandonedAt: null, AbandonReason: null);
        await SaveAsync(State with { Consultation = consultation }, [], [new BeginAppointment(caller)]);
        return consultation;
    }

    public Task<ConsultationView> Get(Caller caller) => Task.FromResult(Own(caller));

    public Task<ConsultationView?> Find() => Task.FromResult(State.Consultation);

    public async Task<ConsultationView> Update(UpdateConsultation update, Caller caller)
    {
        var consultation = Own(caller);
        ConsultationRules.EnsureOpen(consultation);
        consultation = consultation with
        {
            Status = ConsultationStatus.IN_PROGRESS,
            ChiefComplaint = update.ChiefComplaint ?? consultation.ChiefComplaint,
            Diagnoses = update.Diagnoses ?? consultation.Diagnoses,
            Notes = update.Notes ?? consultation.Notes,
        };
        await SaveAsync(State with { Consultation = consultation });
        return consultation;
    }

    public async Task<ConsultationView> Complete(Caller caller)
    {
        var consultation = Own(caller);
        ConsultationRules.EnsureOpen(consultation);
        ConsultationRules.EnsureComplete(consultation);
        consultation = consultation with { Status = ConsultationStatus.COMPLETED, CompletedAt = Now };
        await SaveAsync(State with { Consultation = consultation }, [], [new CompleteAppointment()]);
        return consultation;
    }

    public async Task<ConsultationView> Abandon(string? reason, Caller caller)
    {
        var consultation = Own(caller);
        ConsultationRules.EnsureOpen(consultation);
        consultation = consultation with { Status = ConsultationStatus.ABANDONED, AbandonedAt = Now, AbandonReason = reason };
        await SaveAsync(State with { Consultation = consultation }, [], [new EndAppointmentConsultation()]);
        return consultation;
    }

    public async Task<ConsultationView> AddParticipant(Guid doctorId, ParticipantRole role, Caller caller)
    {
        var consultation = Own(caller);
        ConsultationRules.EnsureCanAdd(consultation, doctorId, role);
        var doctors = GrainFactory.GetGrain<IDoctorGrain>(doctorId);
        var added = await doctors.Find();
        if (added is null || added.HospitalId != consultation.HospitalId)
        {
            throw Errors.NotFound("doctor_not_found", "Doctor not found.");
        }
        var primary = await GrainFactory.GetGrain<IDoctorGrain>(consultation.PrimaryDoctorId).Find();
        consultation = consultation with
        {
            Participants = consultation.Participants.Add(new Participant(doctorId, role, Now, caller.UserId)),
        };
        var notification = ParticipantAdded.To(consultation.HospitalId, RecipientKind.Doctor, doctorId.ToString(),
            $"Dr. {primary?.FirstName} {primary?.LastName} has requested you as {role} in a consultation.", Now,
            ImmutableDictionary<string, string>.Empty.Add("consultationId", consultation.Id.ToString()).Add("role", role.ToString()));
        await SaveAsync(State with { Consultation = consultation }, notification);
        return consultation;
    }

    private ConsultationView Own(Caller caller) =>
        State.Consultation is { } consultation && consultation.HospitalId == caller.TenantId
            ? consultation
            : throw Errors.NotFound("consultation_not_found", "No such consultation.");
}
