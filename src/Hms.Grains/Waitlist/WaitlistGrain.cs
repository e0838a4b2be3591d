using Hms.Common;
using Hms.Deadlines;
using Hms.Doctors;
using Hms.Hospitals;
using Hms.Patients;
using Hms.ReadModel;
using Hms.Scheduling;
using Microsoft.Extensions.Logging;

namespace Hms.Waitlist;

/// <summary>
/// One doctor's waitlist (<see cref="IWaitlistGrain"/>). Its one kind of deadline is the earliest expiry of
/// an open offer (<see cref="WaitlistRules.Deadlines"/>), so saving an offer arms it and answering the last
/// one disarms it. This file holds the entries; offers, holds and expiry are in WaitlistGrain.Offers.cs.
/// </summary>
public sealed partial class WaitlistGrain(
    [PersistentState("waitlist", StoreNames.Hms)] IPersistentState<WaitlistState> state,
    GrainServices services,
    ILogger<WaitlistGrain> logger)
    : DeadlineGrain<WaitlistState>(state, services, logger), IWaitlistGrain
{
    private DeadlineTable? _table;

    private Guid DoctorId => this.GetPrimaryKey();

    protected override DeadlineTable Table => _table ??= new DeadlineTable().On(WaitlistRules.OfferExpiry, HandleExpiryAsync);

    protected override DeadlineSet DeadlinesOf(WaitlistState state) => WaitlistRules.Deadlines(state);

    protected override string? TenantId => State.HospitalId;

    public async Task<WaitlistEntryView> Join(JoinWaitlist command, Caller caller)
    {
        // As a booking checks its patient (src/Hms.Grains/Appointments/BookingCheck.cs, rules 1 and 2).
        var patient = await GrainFactory.GetGrain<IPatientGrain>(command.PatientId).Find();
        if (patient is null || patient.HospitalId != caller.TenantId)
        {
            throw Errors.NotFound("patient_not_found", "Patient not found.");
        }
        if (!PatientAccess.MayActFor(patient, caller))
        {
            throw Errors.Forbidden("not_own_patient_record", "Patients can only join a waitlist for themselves.");
        }
        if (patient.Status == PatientStatus.BLOCKED)
        {
            throw Errors.Forbidden("patient_blocked",
                "Patient is blocked from booking appointments due to repeated no-shows. Please contact the hospital.");
        }
        await DoctorAsync(caller);
        var hospital = await HospitalAsync(caller.TenantId);
        var today = ZonedTime.Today(Now, ZonedTime.Zone(hospital.TimeZone));
        if (command.FromDate > command.ToDate)
        {
            throw Errors.BadRequest("invalid_date_range", "fromDate must not be after toDate.");
        }
        if (command.FromDate < today)
        {
            throw Errors.BadRequest("date_in_past", "A waitlist cannot start in the past.");
        }
        if (command.ToDate > today.AddDays(hospital.Settings.BookingHorizonDays))
        {
            throw Errors.BadRequest("date_too_far", $"Cannot wait for slots more than {hospital.Settings.BookingHorizonDays} days ahead.");
        }
        if (State.Entries.Any(e => e.PatientId == command.PatientId && e.Status == WaitlistEntryStatus.WAITING))
        {
            throw Errors.Conflict("already_waitlisted", "The patient is already on this doctor's waitlist.");
        }
        var entry = new WaitlistEntryView(Guid.NewGuid(), caller.TenantId, DoctorId, command.PatientId, command.FromDate, command.ToDate,
            Now, WaitlistEntryStatus.WAITING);
        await CommitAsync(Kept(State with { HospitalId = caller.TenantId, Entries = State.Entries.Add(entry) }), [], []);
        return entry;
    }

    public async Task<WaitlistEntryView> Leave(Guid entryId, Caller caller)
    {
        await EnsureTenantAsync(caller);
        var entry = State.Entries.FirstOrDefault(e => e.Id == entryId);
        if (entry is null || !await MayActForAsync(entry.PatientId, caller))
        {
            throw Errors.NotFound("waitlist_entry_not_found", "No such waitlist entry.");
        }
        if (entry.Status != WaitlistEntryStatus.WAITING)
        {
            return entry;
        }
        var left = entry with { Status = WaitlistEntryStatus.LEFT, EndedAt = Now };
        var next = State with { Entries = State.Entries.Replace(entry, left) };
        List<ReadModelRecord> rows = [];
        if (State.Offers.FirstOrDefault(o => o.EntryId == entry.Id && WaitlistRules.IsOpen(o)) is { } open)
        {
            next = await EndOfferAsync(next, rows, open, open with { Status = WaitlistOfferStatus.WITHDRAWN, AnsweredAt = Now });
        }
        await CommitAsync(Kept(next), rows, []);
        return left;
    }

    public async Task<WaitlistView> List(Caller caller)
    {
        await EnsureTenantAsync(caller);
        var entries = State.Entries;
        var offers = State.Offers;
        if (!PatientAccess.IsStaff(caller))
        {
            var own = new HashSet<Guid>();
            foreach (var patientId in entries.Select(e => e.PatientId).Distinct())
            {
                if (await MayActForAsync(patientId, caller))
                {
                    own.Add(patientId);
                }
            }
            entries = entries.RemoveAll(e => !own.Contains(e.PatientId));
            offers = offers.RemoveAll(o => !own.Contains(o.PatientId));
        }
        return new WaitlistView([.. entries], [.. offers]);
    }

    private async Task<bool> MayActForAsync(Guid patientId, Caller caller) =>
        PatientAccess.IsStaff(caller) || PatientAccess.MayActFor(await GrainFactory.GetGrain<IPatientGrain>(patientId).Find(), caller);

    /// <summary>The list of a doctor of another hospital is answered as a doctor that does not exist.</summary>
    private async Task EnsureTenantAsync(Caller caller)
    {
        if (State.HospitalId is { } hospitalId)
        {
            if (hospitalId != caller.TenantId)
            {
                throw Errors.NotFound("doctor_not_found", "Doctor not found.");
            }
            return;
        }
        await DoctorAsync(caller);
    }

    private async Task<DoctorView> DoctorAsync(Caller caller)
    {
        var doctor = await GrainFactory.GetGrain<IDoctorGrain>(DoctorId).Find();
        return doctor is not null && doctor.HospitalId == caller.TenantId ? doctor : throw Errors.NotFound("doctor_not_found", "Doctor not found.");
    }

    private async Task<HospitalView> HospitalAsync(string hospitalId) =>
        await GrainFactory.GetGrain<IHospitalGrain>(hospitalId).Find() ?? throw Errors.NotFound("hospital_not_found", "Hospital not found.");

    private IDoctorDayGrain Day(DateOnly date) => GrainFactory.GetGrain<IDoctorDayGrain>(DoctorDayKey.For(DoctorId, date));

    /// <summary>The state without what can no longer matter (two days back, whatever the hospital's zone).</summary>
    private WaitlistState Kept(WaitlistState next) => WaitlistRules.Prune(next, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2));
}
