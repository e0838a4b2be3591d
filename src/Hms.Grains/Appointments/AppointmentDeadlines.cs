using System.Collections.Immutable;
using Hms.Common;
using Hms.Deadlines;
using Hms.Hospitals;
using Hms.Jobs;

namespace Hms.Appointments;

/// <summary>
/// The deadlines an appointment has, as a pure function of its state: nothing is stored separately,
/// so a deadline can never disagree with the status it guards. Each kind is one reminder; its runs are
/// recorded under its job, and its failures count in the NO_SHOW check's streak.
/// </summary>
public static class AppointmentDeadlines
{
    /// <summary>The backup pass over appointments' deadlines (run by the NO_SHOW check's reconcile pass).</summary>
    public static readonly JobName Reconcile = new("NO_SHOW_RECONCILE");

    /// <summary>The NO_SHOW check: every appointment deadline's job and their backup pass, whose health is read together.</summary>
    public static readonly JobFamily Check = new("NO_SHOW_CHECK", "the NO_SHOW check",
        [new("NO_SHOW_DEADLINE"), new("NO_VITALS_DEADLINE"), new("NO_DOCTOR_DEADLINE"), new("WAITING_TOO_LONG_DEADLINE"), Reconcile]);

    /// <summary>Slot start + the slot duration captured at booking, while the patient is still awaited.</summary>
    public static readonly DeadlineKind NoShow = new("no-show", Check.Jobs[0], Check);

    /// <summary>Checked in without vitals: slot end + the hospital's vitals buffer.</summary>
    public static readonly DeadlineKind NoVitals = new("no-vitals", Check.Jobs[1], Check);

    /// <summary>Vitals in, the doctor not yet seen: slot end + the hospital's doctor buffer.</summary>
    public static readonly DeadlineKind NoDoctor = new("no-doctor", Check.Jobs[2], Check);

    /// <summary>Checked in and still not seen: check-in + the hospital's waiting limit.</summary>
    public static readonly DeadlineKind Waiting = new("waiting", Check.Jobs[3], Check);

    /// <summary>
    /// NO_SHOW at slot start + slotDuration while SCHEDULED/CONFIRMED; once CHECKED_IN: NO_VITALS at
    /// slot start + slotDuration + the vitals buffer while no vitals, NO_DOCTOR at + the doctor buffer
    /// once vitals are in, WAITING_TOO_LONG at check-in + the waiting limit — each until its alert exists.
    /// </summary>
    public static DeadlineSet For(AppointmentView? a, HospitalSettings settings)
    {
        if (a is null)
        {
            return DeadlineSet.None;
        }
        if (NoShowRules.StillAwaited(a.Status))
        {
            return DeadlineSet.Of((NoShow, a.NoShowDueAt));
        }
        if (a.Status != AppointmentStatus.CHECKED_IN)
        {
            return DeadlineSet.None;
        }
        var slotEnd = a.NoShowDueAt;
        return DeadlineSet.Of(
            (NoVitals, a.VitalsRecordedAt is null && !Has(a, StageAlertType.NO_VITALS) ? slotEnd.AddMinutes(settings.VitalsAlertBufferMinutes) : null),
            (NoDoctor, a.VitalsRecordedAt is not null && !Has(a, StageAlertType.NO_DOCTOR) ? slotEnd.AddMinutes(settings.DoctorAlertBufferMinutes) : null),
            (Waiting, a.CheckedInAt is { } checkedIn && !Has(a, StageAlertType.WAITING_TOO_LONG) ? checkedIn.AddMinutes(settings.WaitingTooLongMinutes) : null));
    }

    /// <summary>The next reminder before the slot (<see cref="ReminderRules"/>) while the patient is awaited; failures alert no one.</summary>
    public static readonly DeadlineKind Reminder = new("reminder", new JobName("APPOINTMENT_REMINDER_DEADLINE"));

    /// <summary>Everything an appointment's state implies: the deadlines above and its next reminder.</summary>
    public static DeadlineSet For(AppointmentState state)
    {
        var deadlines = For(state.Appointment, state.Settings);
        return ReminderRules.Next(ReminderPlan(state), state.RemindedThrough) is { } next
            ? new DeadlineSet(deadlines.Due.SetItem(Reminder, next))
            : deadlines;
    }

    /// <summary>The appointment's reminders, with the settings and zone captured at booking; none once it is no longer awaited.</summary>
    public static ImmutableArray<DateTimeOffset> ReminderPlan(AppointmentState state) =>
        state is { Appointment: { } a, RemindersFrom: { } from } && NoShowRules.StillAwaited(a.Status)
            ? ReminderRules.Plan(a.SlotStartsAt, from, state.Settings.EffectiveReminders, ZonedTime.Zone(state.TimeZone))
            : [];

    public static StageAlertType AlertOf(DeadlineKind kind) =>
        kind == NoVitals ? StageAlertType.NO_VITALS
        : kind == NoDoctor ? StageAlertType.NO_DOCTOR
        : kind == Waiting ? StageAlertType.WAITING_TOO_LONG
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a stage-alert deadline.");

    private static bool Has(AppointmentView a, StageAlertType type) => !a.Alerts.IsDefault && a.Alerts.Any(x => x.Type == type);
}
