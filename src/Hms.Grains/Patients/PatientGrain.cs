using System.Collections.Immutable;
using Hms.Common;
using Hms.Hospitals;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Patients;

/// <summary>A date and time an appointment of the patient holds.</summary>
[GenerateSerializer, Immutable, Alias("Hms.BookedTime")]
public sealed record class BookedTime([property: Id(0)] DateOnly Date, [property: Id(1)] TimeOnly Time);

[GenerateSerializer, Alias("Hms.PatientState")]
public sealed record class PatientState : IOutboxState<PatientState>
{
    [Id(0)] public PatientView? Patient { get; init; }
    /// <summary>Appointments already counted as NO_SHOW, so a repeated report counts once.</summary>
    [Id(1)] public ImmutableHashSet<Guid> NoShowAppointments { get; init; } = [];
    [Id(2)] public long Version { get; init; }
    [Id(3)] public Outbox Outbox { get; init; } = Outbox.Empty;
    /// <summary>The times the patient's active appointments hold, by appointment.</summary>
    [Id(4)] public ImmutableDictionary<Guid, BookedTime> Holds { get; init; } = ImmutableDictionary<Guid, BookedTime>.Empty;

    public PatientState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

public sealed class PatientGrain(
    [PersistentState("patient", StoreNames.Hms)] IPersistentState<PatientState> state,
    GrainServices services,
    ILogger<PatientGrain> logger) : OutboxGrain<PatientState>(state, services, logger), IPatientGrain
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
        var id = this.GetPrimaryKey();
        var mrn = GrainFactory.GetGrain<IMedicalRecordNumberGrain>(MedicalRecordNumberGrain.Key(caller.TenantId, command.Mrn));
        if (!await mrn.Claim(id))
        {
            throw Errors.Conflict("mrn_exists", $"Another patient of this hospital has MRN {command.Mrn.Trim()}.");
        }
        var patient = new PatientView(id, caller.TenantId, command.FirstName.Trim(), command.LastName.Trim(),
            command.Mrn.Trim(), command.Phone, command.Email, command.UserId, PatientStatus.ACTIVE, NoShowCount: 0,
            BlockedAt: null, BlockedReason: null, Now);
        try
        {
            await SaveAsync(State, patient);
        }
        catch
        {
            await mrn.Release(id);
            throw;
        }
        return patient;
    }

    public Task<PatientView> Get(Caller caller) => Task.FromResult(Own(caller));

    public Task<PatientView?> Find() => Task.FromResult(State.Patient);

    public async Task<PatientView> RecordNoShow(PatientNoShow noShow)
    {
        var patient = State.Patient ?? throw Errors.NotFound("patient_not_found", "No such patient.");
        if (State.NoShowAppointments.Contains(noShow.AppointmentId))
        {
            await ReleaseTime(noShow.AppointmentId);
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
                BlockedReason = PatientRules.BlockedReason(count),
            };
        }
        await SaveAsync(State with
        {
            NoShowAppointments = State.NoShowAppointments.Add(noShow.AppointmentId),
            Holds = State.Holds.Remove(noShow.AppointmentId),
        }, patient);
        return patient;
    }

    public async Task<PatientView> Unblock(Caller caller)
    {
        var patient = Own(caller);
        if (patient.Status != PatientStatus.BLOCKED)
        {
            throw Errors.Conflict("patient_not_blocked", "This patient is not blocked.");
        }
        // The count starts again, or the next no-show would block the patient at once.
        patient = patient with { Status = PatientStatus.ACTIVE, BlockedAt = null, BlockedReason = null, NoShowCount = 0 };
        await SaveAsync(State, patient);
        return patient;
    }

    public Task<bool> IsBookedAt(DateOnly date, TimeOnly time, Guid exceptAppointmentId) =>
        Task.FromResult(State.Holds.Any(h => h.Key != exceptAppointmentId && h.Value.Date == date && h.Value.Time == time));

    public async Task HoldTime(Guid appointmentId, DateOnly date, TimeOnly time)
    {
        var wanted = new BookedTime(date, time);
        if (State.Holds.TryGetValue(appointmentId, out var held) && held == wanted)
        {
            return;
        }
        if (State.Holds.Any(h => h.Key != appointmentId && h.Value == wanted))
        {
            throw Errors.Conflict("patient_double_booked",
                $"The patient already has an appointment on {date:yyyy-MM-dd} at {time:HH\\:mm}.");
        }
        await SaveAsync(State with { Holds = State.Holds.SetItem(appointmentId, wanted) });
    }

    public async Task ReleaseTime(Guid appointmentId)
    {
        if (State.Holds.ContainsKey(appointmentId))
        {
            await SaveAsync(State with { Holds = State.Holds.Remove(appointmentId) });
        }
    }

    private PatientView Own(Caller caller)
    {
        if (State.Patient is { } patient && patient.HospitalId == caller.TenantId && PatientAccess.MayActFor(patient, caller))
        {
            return patient;
        }
        throw Errors.NotFound("patient_not_found", "No such patient.");
    }

    private Task SaveAsync(PatientState next, PatientView patient)
    {
        next = next with { Patient = patient, Version = next.Version + 1 };
        return SaveAsync(next, new PatientRow(patient, Now, next.Version));
    }
}
