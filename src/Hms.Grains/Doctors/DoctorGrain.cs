using System.Collections.Immutable;
using Hms.Common;
using Hms.Hospitals;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Doctors;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.DoctorRow")]
public sealed record class DoctorRow(
    [property: Id(0)] DoctorView Doctor,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] long Version) : ReadModelRecord;

[GenerateSerializer, Alias("Hms.DoctorState")]
public sealed record class DoctorState : IOutboxState<DoctorState>
{
    [Id(0)] public DoctorView? Doctor { get; init; }
    [Id(1)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public DoctorState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// A doctor: settings, weekly schedule and absences. Every change bumps the doctor's version, so
/// doctor-day grains rebuild their unbooked slots the next time they are used. Changes that touch
/// booked appointments find them in the read model and act through each appointment's grain.
/// </summary>
public sealed class DoctorGrain(
    [PersistentState("doctor", StoreNames.Hms)] IPersistentState<DoctorState> state,
    GrainServices services,
    IDoctorBookings bookings,
    ILogger<DoctorGrain> logger) : OutboxGrain<DoctorState>(state, services, logger), IDoctorGrain
{
    /// <summary>Appointments (and their patients) cancelled by the sweep that ran in this call, for its answer.</summary>
    private List<Booking>? _cancelled;

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

        var doctor = new DoctorView(this.GetPrimaryKey(), caller.TenantId, command.FirstName.Trim(), command.LastName.Trim(),
            command.Specialization, command.SlotDurationMinutes, command.MaxPatientsPerDay, IsAvailable: true,
            IsActive: true, command.Schedules, Now, Absences: [], Version: 1, UpdatedAt: Now, command.UserId);
        await SaveAsync(doctor, [], []);
        return doctor;
    }

    public Task<DoctorView> Get(Caller caller) => Task.FromResult(Own(caller));

    public Task<DoctorView?> Find() => Task.FromResult(State.Doctor);

    public async Task<DoctorUpdateResult> Update(UpdateDoctor command, Caller caller)
    {
        var doctor = Own(caller);
        if (command.SlotDurationMinutes is { } minutes)
        {
            ScheduleRules.EnsureValidSlotDuration(minutes);
        }
        if (command.MaxPatientsPerDay is { } max)
        {
            ScheduleRules.EnsureValidMaxPatients(max);
        }
        var next = doctor with
        {
            FirstName = command.FirstName?.Trim() ?? doctor.FirstName,
            LastName = command.LastName?.Trim() ?? doctor.LastName,
            Specialization = command.Specialization ?? doctor.Specialization,
            SlotDurationMinutes = command.SlotDurationMinutes ?? doctor.SlotDurationMinutes,
            MaxPatientsPerDay = command.MaxPatientsPerDay ?? doctor.MaxPatientsPerDay,
            IsAvailable = command.IsAvailable ?? doctor.IsAvailable,
            IsActive = command.IsActive ?? doctor.IsActive,
            UserId = command.UserId is null ? doctor.UserId : command.UserId.Length == 0 ? null : command.UserId,
            Version = doctor.Version + 1,
            UpdatedAt = Now,
        };
        var today = await TodayAsync(doctor);
        var stopsBooking = doctor.AcceptsBookings && !next.AcceptsBookings;
        var offSchedule = !stopsBooking && next.SlotDurationMinutes != doctor.SlotDurationMinutes
            ? await NewlyOffScheduleAsync(doctor, next, today)
            : [];
        _cancelled = null;
        await SaveAsync(next, [.. offSchedule.Select(a => DoctorNotices.OffSchedule(a, Now))],
            stopsBooking ? [new CancelDoctorAppointments(today, null, null, DoctorNotices.Unavailable)] : []);
        var cancelled = TakeCancelled();
        return new DoctorUpdateResult(next, cancelled.Length, DistinctPatients(cancelled), [.. cancelled.Select(a => a.AppointmentId)],
            [.. offSchedule.Select(a => a.AppointmentId)]);
    }

    public async Task<ScheduleUpdateResult> SetSchedules(ImmutableArray<WeeklySchedule> schedules, Caller caller)
    {
        var doctor = Own(caller);
        DoctorAccess.EnsureMayChange(doctor, caller);
        ScheduleRules.EnsureValid(schedules);
        var next = doctor with { Schedules = schedules, Version = doctor.Version + 1, UpdatedAt = Now };
        var offSchedule = await NewlyOffScheduleAsync(doctor, next, await TodayAsync(doctor));
        await SaveAsync(next, [.. offSchedule.Select(a => DoctorNotices.OffSchedule(a, Now))], []);
        return new ScheduleUpdateResult(next, [.. offSchedule.Select(a => a.AppointmentId)], DistinctPatients(offSchedule));
    }

    public async Task<AbsenceResult> AddAbsence(NewAbsence absence, Caller caller)
    {
        var doctor = Own(caller);
        DoctorAccess.EnsureMayChange(doctor, caller);
        AbsenceRules.EnsureValid(absence, await TodayAsync(doctor));
        EnsureNoOverlap(doctor, absence, except: null);
        var added = new Absence(Guid.NewGuid(), absence.Type, absence.StartDate, absence.EndDate, absence.IsFullDay,
            absence.IsFullDay ? null : absence.StartTime, absence.IsFullDay ? null : absence.EndTime, absence.Reason,
            AbsenceStatus.ACTIVE, Now, caller.UserId, CancelledAt: null);
        return await ApplyAbsenceAsync(doctor, doctor.Absences.Add(added), added, previous: null);
    }

    public async Task<AbsenceResult> UpdateAbsence(Guid absenceId, NewAbsence absence, Caller caller)
    {
        var doctor = Own(caller);
        DoctorAccess.EnsureMayChange(doctor, caller);
        var existing = FindAbsence(doctor, absenceId);
        if (!existing.IsActive)
        {
            throw Errors.Conflict("absence_cancelled", "A cancelled absence cannot be changed.");
        }
        // An absence already under way may keep its start; a new start must not be in the past.
        AbsenceRules.EnsureValid(absence, await TodayAsync(doctor), startMayBePast: absence.StartDate == existing.StartDate);
        EnsureNoOverlap(doctor, absence, except: absenceId);
        var updated = existing with
        {
            Type = absence.Type,
            StartDate = absence.StartDate,
            EndDate = absence.EndDate,
            IsFullDay = absence.IsFullDay,
            StartTime = absence.IsFullDay ? null : absence.StartTime,
            EndTime = absence.IsFullDay ? null : absence.EndTime,
            Reason = absence.Reason,
        };
        return await ApplyAbsenceAsync(doctor, doctor.Absences.Replace(existing, updated), updated, previous: existing);
    }

    public async Task<Absence> CancelAbsence(Guid absenceId, Caller caller)
    {
        var doctor = Own(caller);
        DoctorAccess.EnsureMayChange(doctor, caller);
        var existing = FindAbsence(doctor, absenceId);
        if (!existing.IsActive)
        {
            return existing;
        }
        var cancelled = existing with { Status = AbsenceStatus.CANCELLED, CancelledAt = Now };
        await SaveAsync(doctor with { Absences = doctor.Absences.Replace(existing, cancelled), Version = doctor.Version + 1, UpdatedAt = Now }, [], []);
        return cancelled;
    }

    protected override async Task ApplyEffectAsync(Effect effect)
    {
        if (effect is not CancelDoctorAppointments sweep || State.Doctor is not { } doctor)
        {
            await base.ApplyEffectAsync(effect);
            return;
        }
        var absence = sweep.AbsenceId is { } id ? doctor.Absences.FirstOrDefault(a => a.Id == id) : null;
        var cancelled = _cancelled ??= [];
        foreach (var booking in await bookings.AwaitedAsync(doctor.Id, sweep.From, sweep.To))
        {
            if (sweep.AbsenceId is not null && (absence is null || !AbsenceRules.Touches(absence, booking)))
            {
                continue;
            }
            if (await GrainFactory.GetGrain<IDoctorBooking>(booking.AppointmentId).CancelForDoctor(sweep.Cancellation))
            {
                cancelled.Add(booking);
            }
        }
    }

    /// <summary>
    /// Saves a new or changed absence and tells the appointments it touches; with an update, those the
    /// absence already touched before were told then and are not told again.
    /// </summary>
    private async Task<AbsenceResult> ApplyAbsenceAsync(DoctorView doctor, ImmutableArray<Absence> absences, Absence absence, Absence? previous)
    {
        var next = doctor with { Absences = absences, Version = doctor.Version + 1, UpdatedAt = Now };
        var affected = (await bookings.AwaitedAsync(doctor.Id, absence.StartDate, absence.EndDate))
            .Where(a => AbsenceRules.Touches(absence, a)).ToImmutableArray();
        var emergency = absence.Type == AbsenceType.EMERGENCY;
        var toTell = affected.Where(a => previous is null || !AbsenceRules.Touches(previous, a));
        _cancelled = null;
        await SaveAsync(next,
            emergency ? [] : [.. toTell.Select(a => DoctorNotices.AbsenceAffects(a, absence, Now))],
            emergency ? [new CancelDoctorAppointments(absence.StartDate, absence.EndDate, absence.Id, DoctorNotices.Emergency)] : []);
        var cancelled = TakeCancelled();
        var warning = affected.IsEmpty ? null
            : emergency ? $"{cancelled.Length} appointment(s) in this absence were cancelled and their patients notified."
            : $"{affected.Length} appointment(s) fall within this absence; their patients were asked to reschedule.";
        return new AbsenceResult(absence, affected.Length, warning, [.. cancelled.Select(a => a.AppointmentId)],
            DistinctPatients(emergency ? cancelled : affected));
    }

    private static void EnsureNoOverlap(DoctorView doctor, NewAbsence absence, Guid? except)
    {
        if (doctor.ActiveAbsences.Any(a => a.Id != except && AbsenceRules.Overlap(a, absence)))
        {
            throw Errors.Conflict("absence_overlap", "The doctor already has an active absence in this period.");
        }
    }

    private static Absence FindAbsence(DoctorView doctor, Guid absenceId) =>
        doctor.Absences.FirstOrDefault(a => a.Id == absenceId) ?? throw Errors.NotFound("absence_not_found", "No such absence.");

    /// <summary>
    /// The doctor's awaited appointments from today on that the new settings take off the slot grid;
    /// those already off it before were told then and are not told again.
    /// </summary>
    private async Task<ImmutableArray<Booking>> NewlyOffScheduleAsync(DoctorView before, DoctorView after, DateOnly today) =>
        [.. (await bookings.AwaitedAsync(after.Id, today, null))
            .Where(b => SlotGenerator.IsOnSchedule(before, b.Date, b.StartTime, b.EndTime)
                && !SlotGenerator.IsOnSchedule(after, b.Date, b.StartTime, b.EndTime))];

    private static int DistinctPatients(IEnumerable<Booking> bookings) => bookings.Select(b => b.PatientId).Distinct().Count();

    private async Task<DateOnly> TodayAsync(DoctorView doctor)
    {
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(doctor.HospitalId).Find()
            ?? throw Errors.NotFound("hospital_not_found", "No such hospital.");
        return ZonedTime.Today(Now, ZonedTime.Zone(hospital.TimeZone));
    }

    private ImmutableArray<Booking> TakeCancelled()
    {
        var cancelled = _cancelled is null ? [] : _cancelled.ToImmutableArray();
        _cancelled = null;
        return cancelled;
    }

    private DoctorView Own(Caller caller) =>
        State.Doctor is { } doctor && doctor.HospitalId == caller.TenantId
            ? doctor
            : throw Errors.NotFound("doctor_not_found", "No such doctor.");

    private Task SaveAsync(DoctorView doctor, IReadOnlyList<ReadModelRecord> records, IReadOnlyList<Effect> effects) =>
        SaveAsync(State with { Doctor = doctor }, [new DoctorRow(doctor, doctor.UpdatedAt, doctor.Version), .. records], effects);
}
