using System.Collections.Immutable;
using Hms.Deadlines;
using Hms.Hospitals;
using Hms.NoShow;

namespace Hms.Appointments;

/// <summary>
/// The deadlines an appointment has, as a pure function of its state (SPEC §4–5): nothing is stored
/// separately, so a deadline can never disagree with the status it guards. Each kind is one reminder.
/// </summary>
public static class AppointmentDeadlines
{
    public const string NoShow = "no-show";
    public const string NoVitals = "no-vitals";
    public const string NoDoctor = "no-doctor";
    public const string Waiting = "waiting";

    public static readonly ImmutableArray<string> Kinds = [NoShow, NoVitals, NoDoctor, Waiting];

    /// <summary>
    /// NO_SHOW at slot start + slotDuration while SCHEDULED/CONFIRMED; once CHECKED_IN: NO_VITALS at
    /// slot start + slotDuration + the vitals buffer while no vitals, NO_DOCTOR at + the doctor buffer
    /// once vitals are in, WAITING_TOO_LONG at check-in + the waiting limit — each until its alert exists.
    /// </summary>
    public static ImmutableDictionary<string, DateTimeOffset> For(AppointmentView? a, HospitalSettings settings)
    {
        var pending = ImmutableDictionary<string, DateTimeOffset>.Empty;
        if (a is null)
        {
            return pending;
        }
        if (NoShowRules.StillAwaited(a.Status))
        {
            return pending.Add(NoShow, a.NoShowDueAt);
        }
        if (a.Status != AppointmentStatus.CHECKED_IN)
        {
            return pending;
        }
        var slotEnd = a.NoShowDueAt;
        if (a.VitalsRecordedAt is null && !Has(a, StageAlertType.NO_VITALS))
        {
            pending = pending.Add(NoVitals, slotEnd.AddMinutes(settings.VitalsAlertBufferMinutes));
        }
        if (a.VitalsRecordedAt is not null && !Has(a, StageAlertType.NO_DOCTOR))
        {
            pending = pending.Add(NoDoctor, slotEnd.AddMinutes(settings.DoctorAlertBufferMinutes));
        }
        if (a.CheckedInAt is { } checkedIn && !Has(a, StageAlertType.WAITING_TOO_LONG))
        {
            pending = pending.Add(Waiting, checkedIn.AddMinutes(settings.WaitingTooLongMinutes));
        }
        return pending;
    }

    public static StageAlertType AlertOf(string kind) => kind switch
    {
        NoVitals => StageAlertType.NO_VITALS,
        NoDoctor => StageAlertType.NO_DOCTOR,
        Waiting => StageAlertType.WAITING_TOO_LONG,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a stage-alert deadline."),
    };

    public static string JobName(string kind) => kind switch
    {
        NoShow => JobRuns.NoShowDeadline,
        NoVitals => JobRuns.NoVitalsDeadline,
        NoDoctor => JobRuns.NoDoctorDeadline,
        Waiting => JobRuns.WaitingDeadline,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown deadline kind."),
    };

    private static bool Has(AppointmentView a, StageAlertType type) => !a.Alerts.IsDefault && a.Alerts.Any(x => x.Type == type);
}
