using System.ComponentModel.DataAnnotations;
using Hms.Api.Http;
using Hms.Appointments;

namespace Hms.Api.Appointments;

/// <summary>Vitals as the nurse records them: any subset, each within its range.</summary>
public sealed record VitalsBody(
    [property: Range(40, 300)] int? SystolicBp = null,
    [property: Range(20, 200)] int? DiastolicBp = null,
    [property: Range(20, 300)] int? HeartRate = null,
    [property: Range(30, 45)] decimal? TemperatureC = null,
    [property: Range(4, 80)] int? RespiratoryRate = null,
    [property: Range(50, 100)] int? OxygenSaturation = null,
    [property: Range(0, 500)] decimal? WeightKg = null,
    string? Notes = null);

public sealed record AppointmentResponse(Guid Id, string HospitalId, Guid PatientId, Guid DoctorId,
    string AppointmentDate, string StartTime, string EndTime, int SlotDuration, string Status,
    DateTimeOffset SlotStartsAt, DateTimeOffset NoShowDueAt, DateTimeOffset? CheckedInAt,
    DateTimeOffset? VitalsRecordedAt, VitalsBody? Vitals, string? Reason, string? Notes, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CancelledAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<AlertResponse> Alerts, DateTimeOffset? RemindedAt, ReminderAnswerResponse? ReminderAnswer)
{
    public static AppointmentResponse From(AppointmentView a) => new(a.Id, a.HospitalId, a.PatientId, a.DoctorId,
        Formats.Date(a.AppointmentDate), Formats.Time(a.StartTime), Formats.Time(a.EndTime), a.SlotDurationMinutes,
        a.Status.ToString(), a.SlotStartsAt, a.NoShowDueAt, a.CheckedInAt, a.VitalsRecordedAt,
        a.Vitals is { } v ? new VitalsBody(v.SystolicBp, v.DiastolicBp, v.HeartRate, v.TemperatureC, v.RespiratoryRate,
            v.OxygenSaturation, v.WeightKg, v.Notes) : null,
        a.Reason, a.Notes, a.CreatedAt, a.UpdatedAt, a.CancelledAt, a.CompletedAt,
        [.. a.Alerts.Select(alert => AlertResponse.From(alert))], a.RemindedAt,
        a.ReminderAnswer is { } r ? new ReminderAnswerResponse(r.Action.ToString(), r.Via.ToString(), r.At) : null);
}

/// <summary>The patient's answer to the reminders: CONFIRM or CANCEL, by LINK or SMS.</summary>
public sealed record ReminderAnswerResponse(string Action, string Via, DateTimeOffset At);
