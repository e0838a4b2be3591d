using System.Collections.Immutable;
using Hms.Common;
using Hms.Hospitals;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Doctors;

[GenerateSerializer, Alias("Hms.DoctorState")]
public sealed record class DoctorState : IOutboxState<DoctorState>
{
    [Id(0)] public DoctorView? Doctor { get; init; }
    [Id(1)] public long Version { get; init; }
    [Id(2)] public ImmutableList<ReadModelRecord> Outbox { get; init; } = [];

    public DoctorState WithOutbox(ImmutableList<ReadModelRecord> outbox) => this with { Outbox = outbox };
}

public sealed class DoctorGrain(
    [PersistentState("doctor", StoreNames.Hms)] IPersistentState<DoctorState> state,
    IReadModelWriter readModel,
    TimeProvider clock,
    ILogger<DoctorGrain> logger) : OutboxGrain<DoctorState>(state, readModel, logger), IDoctorGrain
{
    public async Task<DoctorView> Register(RegisterDoctor command, Caller caller)
    {
        if (State.Doctor is not null)
        {
            throw Errors.Conflict("doctor_exists", "This doctor is already registered.");
        }
        if (await GrainFactory.GetGrain<IHospitalGrain>(caller.TenantId).Find() is null)
        {
            throw Errors.NotFound("hospital_not_found", "Register the hospital before its doctors.");
        }
        ScheduleRules.EnsureValidSlotDuration(command.SlotDurationMinutes);
        ScheduleRules.EnsureValidMaxPatients(command.MaxPatientsPerDay);
        ScheduleRules.EnsureValid(command.Schedules);

        var now = clock.GetUtcNow();
        var doctor = new DoctorView(this.GetPrimaryKey(), caller.TenantId, command.FirstName.Trim(), command.LastName.Trim(),
            command.Specialization, command.SlotDurationMinutes, command.MaxPatientsPerDay,
            IsAvailable: true, IsActive: true, command.Schedules, now);
        var next = State with { Doctor = doctor, Version = State.Version + 1 };
        await SaveAsync(next, new DoctorRow(doctor, now, next.Version));
        return doctor;
    }

    public Task<DoctorView> Get(Caller caller) =>
        State.Doctor is { } doctor && doctor.HospitalId == caller.TenantId
            ? Task.FromResult(doctor)
            : throw Errors.NotFound("doctor_not_found", "No such doctor.");

    public Task<DoctorView?> Find() => Task.FromResult(State.Doctor);
}
