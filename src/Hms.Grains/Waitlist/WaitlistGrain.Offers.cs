using Hms.Appointments;
using Hms.Common;
using Hms.Doctors;
using Hms.Jobs;
using Hms.Patients;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Waitlist;

/// <summary>
/// Offers: a freed slot goes to the first in line and is held for them in the doctor's day; accepting books
/// it through the normal booking (which ends the hold); declining, leaving or expiry let the hold go and
/// offer the slot to the next in line. A slot has at most one open offer, an entry at most one.
/// </summary>
public sealed partial class WaitlistGrain
{
    public async Task SlotFreed(DateOnly date, TimeOnly startTime)
    {
        if (State.HospitalId is null || !State.Entries.Any(e => e.Status == WaitlistEntryStatus.WAITING))
        {
            return;
        }
        List<ReadModelRecord> rows = [];
        var next = await OfferAsync(State, rows, date, startTime);
        if (rows.Count > 0)
        {
            await CommitAsync(Kept(next), rows, []);
        }
    }

    public async Task<AppointmentView> Accept(Guid offerId, Caller caller)
    {
        var offer = await OpenOfferAsync(offerId, caller);
        AppointmentView appointment;
        try
        {
            appointment = await GrainFactory.GetGrain<IAppointmentGrain>(Guid.NewGuid()).Book(
                new BookAppointment(offer.PatientId, DoctorId, offer.Date, offer.StartTime, "Offered from the waitlist", offer.Id), caller);
        }
        catch (DomainException)
        {
            // The offer stays open: a booking that took the slot and then failed gave it back unheld, so hold it again.
            await Day(offer.Date).Hold(offer.StartTime, offer.Id);
            throw;
        }
        var accepted = offer with { Status = WaitlistOfferStatus.ACCEPTED, AppointmentId = appointment.Id, AnsweredAt = Now };
        var entry = State.Entries.Find(e => e.Id == offer.EntryId);
        var next = State with { Offers = State.Offers.Replace(offer, accepted) };
        if (entry is not null)
        {
            next = next with { Entries = next.Entries.Replace(entry, entry with { Status = WaitlistEntryStatus.BOOKED, EndedAt = Now }) };
        }
        await CommitAsync(Kept(next), [new WaitlistOfferRow(accepted, State.HospitalId!)], []);
        return appointment;
    }

    public async Task<WaitlistOfferView> Decline(Guid offerId, Caller caller)
    {
        var offer = await OpenOfferAsync(offerId, caller);
        var declined = offer with { Status = WaitlistOfferStatus.DECLINED, AnsweredAt = Now };
        List<ReadModelRecord> rows = [];
        var next = await EndOfferAsync(State, rows, offer, declined);
        await CommitAsync(Kept(next), rows, []);
        return declined;
    }

    /// <summary>The deadline: every offer due expires, its hold ends, and its slot goes to the next in line. A tick with nothing due changes nothing.</summary>
    private async Task HandleExpiryAsync(DateTimeOffset dueAt, RunSource source)
    {
        var startedAt = Now;
        var due = State.Offers.Where(o => WaitlistRules.IsOpen(o) && o.ExpiresAt <= startedAt).ToList();
        List<ReadModelRecord> rows = [];
        var next = State;
        foreach (var offer in due)
        {
            next = await EndOfferAsync(next, rows, offer, offer with { Status = WaitlistOfferStatus.EXPIRED });
        }
        rows.Add(JobRuns.Handled(new JobRunOf(WaitlistRules.OfferExpiry.Job, State.HospitalId!, source, DoctorId.ToString()),
            dueAt, startedAt, Now, itemsProcessed: due.Count));
        await SaveAsync(Kept(next), rows, []);
        LogExpired(DoctorId, due.Count, (startedAt - dueAt).TotalMilliseconds);
    }

    /// <summary>An open offer the caller may answer (staff, or the offer's patient): 404, 409 <c>offer_not_open</c> or 410 <c>offer_expired</c> otherwise.</summary>
    private async Task<WaitlistOfferView> OpenOfferAsync(Guid offerId, Caller caller)
    {
        await EnsureTenantAsync(caller);
        var offer = State.Offers.Find(o => o.Id == offerId);
        if (offer is null || !await MayActForAsync(offer.PatientId, caller))
        {
            throw Errors.NotFound("offer_not_found", "No such waitlist offer.");
        }
        if (offer.Status == WaitlistOfferStatus.EXPIRED || (WaitlistRules.IsOpen(offer) && offer.ExpiresAt <= Now))
        {
            await HandleDueNowAsync(); // its deadline may not have ticked yet: the slot moves on now
            throw new DomainException("offer_expired", 410, "The offer has expired; the slot went to the next patient in line.");
        }
        if (!WaitlistRules.IsOpen(offer))
        {
            throw Errors.Conflict("offer_not_open", $"The offer was already answered ({offer.Status}).");
        }
        return offer;
    }

    /// <summary>Ends an open offer as <paramref name="ended"/>: its hold ends and the slot is offered to the next in line.</summary>
    private async Task<WaitlistState> EndOfferAsync(WaitlistState current, List<ReadModelRecord> rows, WaitlistOfferView open, WaitlistOfferView ended)
    {
        await Day(open.Date).Unhold(open.StartTime, open.Id);
        rows.Add(new WaitlistOfferRow(ended, current.HospitalId!));
        return await OfferAsync(current with { Offers = current.Offers.Replace(open, ended) }, rows, open.Date, open.StartTime);
    }

    /// <summary>
    /// Offers a free slot to the first in line who can take it, holding it in the doctor's day. Nothing changes
    /// when the slot has started, already has an open offer, nobody is in line, or the day refuses the hold
    /// (booked, blocked or gone meanwhile).
    /// </summary>
    private async Task<WaitlistState> OfferAsync(WaitlistState current, List<ReadModelRecord> rows, DateOnly date, TimeOnly start)
    {
        var hospital = await HospitalAsync(current.HospitalId!);
        var zone = ZonedTime.Zone(hospital.TimeZone);
        if (ZonedTime.ToInstant(date, start, zone) <= Now || WaitlistRules.OpenOfferFor(current, date, start) is not null)
        {
            return current;
        }
        var doctor = await GrainFactory.GetGrain<IDoctorGrain>(DoctorId).Find();
        if (doctor is not { IsActive: true, IsAvailable: true })
        {
            return current;
        }
        foreach (var entry in WaitlistRules.InLine(current, date, start))
        {
            // Someone who could not book it is passed over this time (not recorded: a later slot may suit them).
            var patient = GrainFactory.GetGrain<IPatientGrain>(entry.PatientId);
            if (await patient.Find() is not { Status: PatientStatus.ACTIVE } || await patient.IsBookedAt(date, start, Guid.Empty))
            {
                continue;
            }
            var offerId = WaitlistRules.OfferId(DoctorId, date, start, entry.Id);
            if (!await Day(date).Hold(start, offerId))
            {
                return current;
            }
            var offer = new WaitlistOfferView(offerId, entry.Id, DoctorId, entry.PatientId, date, start, doctor.SlotDurationMinutes, Now,
                Now.AddMinutes(hospital.Settings.EffectiveWaitlistOfferMinutes), WaitlistOfferStatus.OPEN);
            rows.Add(new WaitlistOfferRow(offer, current.HospitalId!));
            rows.Add(WaitlistNotices.Offer(offer, current.HospitalId!, zone, Now));
            return current with { Offers = current.Offers.Add(offer) };
        }
        return current;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waitlist of doctor {DoctorId}: {Count} offers expired, {LatenessMs} ms after the deadline")]
    private partial void LogExpired(Guid doctorId, int count, double latenessMs);
}
