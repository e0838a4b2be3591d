using Hms.Common;
using Hms.Hospitals;
using Hms.Jobs;
using Hms.Patients;
using Hms.ReadModel;

namespace Hms.Appointments;

/// <summary>
/// NO_SHOW: automatic at the deadline (slot start + the slot duration captured at booking), or marked
/// by staff. Either way a NoShowLog, the patient's notification, and one patient write that counts the
/// no-show (blocking at the hospital's threshold) and frees the patient's time.
/// </summary>
public sealed partial class AppointmentGrain
{
    public async Task<NoShowResult> MarkNoShow(NoShowReason reason, string? notes, Caller caller)
    {
        var current = await VisibleAsync(caller);
        StatusRules.EnsureCanMove(current.Status, AppointmentStatus.NO_SHOW);
        var result = await MarkNoShowAsync(current, reason, notes, caller.UserId, run: null);
        await HandleDueNowAsync();
        return result;
    }

    private async Task HandleNoShowAsync(DateTimeOffset dueAt, RunSource source)
    {
        var startedAt = Now;
        await MarkNoShowAsync(State.Appointment!, NoShowReason.AUTO_TIMEOUT, notes: null, createdBy: null, run: (dueAt, startedAt, source));
        LogHandled(Id, AppointmentDeadlines.NoShow.Name, (startedAt - dueAt).TotalMilliseconds, source.Name);
    }

    /// <summary>The NO_SHOW, saved once; at the deadline (<paramref name="run"/> given) also a job run with its lateness.</summary>
    private async Task<NoShowResult> MarkNoShowAsync(AppointmentView appointment, NoShowReason reason, string? notes,
        string? createdBy, (DateTimeOffset DueAt, DateTimeOffset StartedAt, RunSource Source)? run)
    {
        var now = run?.StartedAt ?? Now;
        var hospital = await GrainFactory.GetGrain<IHospitalGrain>(appointment.HospitalId).Find();
        var threshold = (hospital?.Settings ?? HospitalSettings.Default).NoShowBlockThreshold;
        var slotEndsAt = NoShowRules.DueAt(appointment.SlotStartsAt, appointment.SlotDurationMinutes);
        // At the automatic deadline the slot has ended, so it is never released (Scenario A); staff
        // marking early free it while at least 5 minutes of it remain (Scenario C).
        var release = NoShowRules.CanReleaseSlot(appointment.AppointmentDate, slotEndsAt, now, ZonedTime.Zone(State.TimeZone));
        var noShow = appointment with { Status = AppointmentStatus.NO_SHOW, Notes = notes ?? appointment.Notes, UpdatedAt = Now };
        var log = AppointmentNotices.Log(noShow, reason, now, release, createdBy, notes);
        List<ReadModelRecord> records = [log, AppointmentNotices.NoShow(noShow, log.Log.Id, Now)];
        if (run is var (dueAt, startedAt, source))
        {
            records.Add(JobRuns.Handled(new JobRunOf(AppointmentDeadlines.NoShow.Job, noShow.HospitalId, source, Id.ToString()),
                dueAt, startedAt, Now, itemsProcessed: 1));
        }
        List<Effect> effects = [new RecordPatientNoShow(noShow.PatientId, new PatientNoShow(Id, now, threshold))];
        if (release)
        {
            effects.Add(new ReleaseSlot(noShow.DoctorId, noShow.AppointmentDate, noShow.StartTime));
        }
        await SaveChangeAsync(noShow, records, effects);
        return new NoShowResult(State.Appointment!, log.Log);
    }
}
