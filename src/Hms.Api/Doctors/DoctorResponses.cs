using System.Text.Json.Serialization;
using Hms.Api.Http;
using Hms.Doctors;

namespace Hms.Api.Doctors;

/// <summary>One weekday of a doctor's week: hours, an optional break, and whether it is worked.</summary>
public sealed record ScheduleBody(DayOfWeek? DayOfWeek, TimeOnly? StartTime, TimeOnly? EndTime, TimeOnly? BreakStart = null,
    TimeOnly? BreakEnd = null, bool? IsActive = null);

public sealed record ScheduleResponse(string DayOfWeek, string StartTime, string EndTime, string? BreakStart,
    string? BreakEnd, bool IsActive);

public sealed record AbsenceResponse(Guid Id, string AbsenceType, string StartDate, string EndDate, bool IsFullDay,
    string? StartTime, string? EndTime, string? Reason, string Status, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? CancelledAt)
{
    /// <summary>Only in answers to a create or update: the appointments inside the absence.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AffectedAppointments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Warning { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Guid>? CancelledAppointmentIds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NotifiedPatients { get; init; }

    public static AbsenceResponse From(Absence a) => new(a.Id, a.Type.ToString(), Formats.Date(a.StartDate),
        Formats.Date(a.EndDate), a.IsFullDay, Formats.Time(a.StartTime), Formats.Time(a.EndTime), a.Reason,
        a.Status.ToString(), a.CreatedAt, a.CreatedBy, a.CancelledAt);

    public static AbsenceResponse From(AbsenceResult r) => From(r.Absence) with
    {
        AffectedAppointments = r.AffectedAppointments,
        Warning = r.Warning,
        CancelledAppointmentIds = r.CancelledAppointmentIds,
        NotifiedPatients = r.NotifiedPatients,
    };
}

/// <summary>
/// A doctor. Answers to changes add what the change did to appointments (cancelledAppointments,
/// notifiedPatients, affectedAppointmentIds), omitted elsewhere.
/// </summary>
public sealed record DoctorResponse(Guid Id, string HospitalId, string FirstName, string LastName,
    string? Specialization, int SlotDuration, int MaxPatientsPerDay, bool IsAvailable, bool IsActive,
    IReadOnlyList<ScheduleResponse> Schedules, IReadOnlyList<AbsenceResponse> Absences, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, string? UserId)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CancelledAppointments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NotifiedPatients { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Guid>? AffectedAppointmentIds { get; init; }

    /// <summary>Appointments no longer on a valid slot after a schedule or slot-duration change.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Guid>? OffScheduleAppointmentIds { get; init; }

    public static DoctorResponse From(DoctorView d) => new(d.Id, d.HospitalId, d.FirstName, d.LastName,
        d.Specialization, d.SlotDurationMinutes, d.MaxPatientsPerDay, d.IsAvailable, d.IsActive,
        [.. d.Schedules.Select(s => new ScheduleResponse(s.DayOfWeek.ToString().ToUpperInvariant(), Formats.Time(s.StartTime),
            Formats.Time(s.EndTime), Formats.Time(s.BreakStart), Formats.Time(s.BreakEnd), s.IsActive))],
        [.. d.Absences.Select(AbsenceResponse.From)], d.CreatedAt, d.UpdatedAt, d.UserId);
}

public sealed record DoctorSummaryResponse(Guid Id, string FirstName, string LastName, string? Specialization,
    int SlotDuration, int MaxPatientsPerDay, bool IsAvailable, bool IsActive)
{
    public static DoctorSummaryResponse From(DoctorSummary d) => new(d.Id, d.FirstName, d.LastName, d.Specialization,
        d.SlotDurationMinutes, d.MaxPatientsPerDay, d.IsAvailable, d.IsActive);
}
