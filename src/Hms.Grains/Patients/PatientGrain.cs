using System.Collections.Immutable;
using Hms.Appointments;
using Hms.Common;
using Hms.Hospitals;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Patients;

[GenerateSerializer, Alias("Hms.PatientState")]
public sealed record class PatientState : IOutboxState<PatientState>
{
    [Id(0)] public PatientView? Patient { get; init; }
    /// <summary>Appointments already counted as NO_SHOW, so a repeated report counts once.</summary>
    [Id(1)] public ImmutableHashSet<Guid> NoShowAppointments { get; init; } = [];
    [Id(2)] public long Version { get; init; }
    [Id(3)] public ImmutableList<ReadModelRecord> Outbox { get; init; } = [];

    public PatientState WithOutbox(ImmutableList<ReadModelRecord> outbox) => this with { Outbox = outbox };
}

public sealed class PatientGrain(
    [PersistentState("patient", StoreNames.Hms)] IPersistentState<PatientState> state,
    IReadModelWriter readModel,
    TimeProvider clock,
    ILogger<PatientGrain> logger) : OutboxGrain<PatientState>(state, readModel, logger), IPatientGrain
{
    public async Task<PatientView> Register(RegisterPatient command, Caller caller)
    {
        if (State.Patient is not null)
        {
            throw Errors.Conflict("patient_exists", "This patient is already registered.");
        }
        if (await GrainFactory.GetGrain<IHospitalGrain>(caller.TenantId).Find() is null)
        {
            throw Errors.NotFound("hospital_not_found", "Register the hospital before its patients.");
        }
        var now = clock.GetUtcNow();
        var patient = new PatientView(this.GetPrimaryKey(), caller.TenantId, command.FirstName.Trim(),
            command.LastName.Trim(), command.Mrn.Trim(), command.Phone, command.Email, command.UserId,
            PatientStatus.ACTIVE, NoShowCount: 0, BlockedAt: null, BlockedReason: null, now);
        await SaveAsync(patient, now);
        return patient;
    }

    public Task<PatientView> Get(Caller caller) =>
        State.Patient is { } patient && patient.HospitalId == caller.TenantId
            ? Task.FromResult(patient)
            : throw Errors.NotFound("patient_not_found", "No such patient.");

    public Task<PatientView?> Find() => Task.FromResult(State.Patient);

    public async Task<PatientView> RecordNoShow(PatientNoShow noShow)
    {
        var patient = State.Patient ?? throw Errors.NotFound("patient_not_found", "No such patient.");
        if (State.NoShowAppointments.Contains(noShow.AppointmentId))
        {
            return patient;
        }
        var count = patient.NoShowCount + 1;
        patient = patient with { NoShowCount = count };
        if (count >= noShow.BlockThreshold && patient.Status != PatientStatus.BLOCKED)
        {
            patient = patient with
            {
                Status = PatientStatus.BLOCKED,
                BlockedAt = noShow.OccurredAt,
                BlockedReason = NoShowRules.BlockedReason(count),
            };
        }
        await SaveAsync(patient, clock.GetUtcNow(), State.NoShowAppointments.Add(noShow.AppointmentId));
        return patient;
    }

    private Task SaveAsync(PatientView patient, DateTimeOffset now, ImmutableHashSet<Guid>? noShows = null)
    {
        var next = State with
        {
            Patient = patient,
            NoShowAppointments = noShows ?? State.NoShowAppointments,
            Version = State.Version + 1,
        };
        return SaveAsync(next, new PatientRow(patient, now, next.Version));
    }
}
