using Hms.Api.Http;
using Hms.Appointments;

namespace Hms.Api.Appointments;

public sealed record VitalsBody(int? SystolicBp, int? DiastolicBp, int? HeartRate, decimal? TemperatureC,
    int? RespiratoryRate, int? OxygenSaturation, decimal? WeightKg, string? Notes);

public sealed record AppointmentResponse(Guid Id, string HospitalId, Guid PatientId, Guid DoctorId,
    string AppointmentDate, string StartTime, string EndTime, int SlotDuration, string Status,
    DateTimeOffset SlotStartsAt, DateTimeOffset NoShowDueAt, DateTimeOffset? CheckedInAt,
    DateTimeOffset? VitalsRecordedAt, VitalsBody? Vitals, string? Reason, string? Notes, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CancelledAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<AlertResponse> Alerts)
{
    public static AppointmentResponse From(AppointmentView a) => new(a.Id, a.HospitalId, a.PatientId, a.DoctorId,
        Formats.Date(a.AppointmentDate), Formats.Time(a.StartTime), Formats.Time(a.EndTime), a.SlotDurationMinutes,
        a.Status.ToString(), a.SlotStartsAt, a.NoShowDueAt, a.CheckedInAt, a.VitalsRecordedAt,
        a.Vitals is { } v ? new VitalsBody(v.SystolicBp, v.DiastolicBp, v.HeartRate, v.TemperatureC, v.RespiratoryRate,
            v.OxygenSaturation, v.WeightKg, v.Notes) : null,
        a.Reason, a.Notes, a.CreatedAt, a.UpdatedAt, a.CancelledAt, a.CompletedAt,
        [.. a.Alerts.Select(alert => AlertResponse.From(alert))]);
}
