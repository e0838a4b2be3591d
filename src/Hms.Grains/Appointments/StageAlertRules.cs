using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;
using Hms.Patients;

namespace Hms.Appointments;

/// <summary>Stage alerts of a waiting patient: their messages, their ACTIVE → ACKNOWLEDGED → RESOLVED lifecycle, and auto-resolution.</summary>
public static class StageAlertRules
{
    public const string System = "system";

    public static StageAlertView Raise(StageAlertType type, AppointmentView a, PatientView? patient, TimeZoneInfo zone, DateTimeOffset now)
    {
        var who = patient is null ? "The patient" : $"Patient {patient.FirstName} {patient.LastName} ({patient.Mrn})";
        var checkedIn = a.CheckedInAt is { } at ? ZonedTime.ToLocal(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture) : "?";
        var message = type switch
        {
            StageAlertType.NO_VITALS => $"{who} checked in at {checkedIn} but vitals not recorded.",
            StageAlertType.NO_DOCTOR => $"{who} has vitals recorded but the doctor has not seen them yet.",
            _ => $"{who} has been waiting since check-in at {checkedIn} ({(int)(now - (a.CheckedInAt ?? now)).TotalMinutes} minutes).",
        };
        return new StageAlertView(Guid.NewGuid(), a.Id, type, StageAlertStatus.ACTIVE, message, now, null, null, null, null);
    }

    /// <summary>
    /// Resolves, as the system, every open alert whose cause has ended: NO_VITALS once vitals are in,
    /// every alert once the patient is no longer waiting (consultation started, finished, cancelled).
    /// </summary>
    public static ImmutableArray<StageAlertView> AutoResolve(AppointmentView a, DateTimeOffset now) =>
        [.. a.Alerts.Select(alert => alert.Status != StageAlertStatus.RESOLVED && CauseEnded(alert.Type, a)
            ? alert with { Status = StageAlertStatus.RESOLVED, ResolvedAt = now, ResolvedBy = System }
            : alert)];

    public static StageAlertView Acknowledge(StageAlertView alert, string by, DateTimeOffset now) =>
        alert.Status == StageAlertStatus.ACTIVE
            ? alert with { Status = StageAlertStatus.ACKNOWLEDGED, AcknowledgedAt = now, AcknowledgedBy = by }
            : throw Errors.Conflict("alert_not_active", $"The alert is {alert.Status}; only an ACTIVE alert can be acknowledged.");

    public static StageAlertView Resolve(StageAlertView alert, string by, DateTimeOffset now) =>
        alert.Status != StageAlertStatus.RESOLVED
            ? alert with { Status = StageAlertStatus.RESOLVED, ResolvedAt = now, ResolvedBy = by }
            : throw Errors.Conflict("alert_resolved", "The alert is already resolved.");

    private static bool CauseEnded(StageAlertType type, AppointmentView a) =>
        a.Status != AppointmentStatus.CHECKED_IN || (type == StageAlertType.NO_VITALS && a.VitalsRecordedAt is not null);
}
