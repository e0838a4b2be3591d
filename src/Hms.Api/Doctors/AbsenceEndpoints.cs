using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Doctors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Doctors;

/// <summary>A doctor's absences: /api/v1/doctors/{id}/absences.</summary>
public static class AbsenceEndpoints
{
    public sealed record AbsenceRequest(AbsenceType? AbsenceType, DateOnly? StartDate, DateOnly? EndDate, bool? IsFullDay = null,
        TimeOnly? StartTime = null, TimeOnly? EndTime = null, string? Reason = null);

    /// <summary>A change to an absence: fields left out keep their value.</summary>
    public sealed record ChangeAbsenceRequest(AbsenceType? AbsenceType = null, DateOnly? StartDate = null, DateOnly? EndDate = null,
        bool? IsFullDay = null, TimeOnly? StartTime = null, TimeOnly? EndTime = null, string? Reason = null);

    public static void MapAbsenceEndpoints(this RouteGroupBuilder doctors)
    {
        doctors.MapPost("/{id:guid}/absences", Add).WithName("AddAbsence")
            .WithSummary("Record an absence; its slots are blocked, EMERGENCY also cancels the appointments inside it")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor);
        doctors.MapGet("/{id:guid}/absences", List).WithName("ListAbsences").WithSummary("A doctor's absences")
            .RequireAuthorization();
        doctors.MapPatch("/{id:guid}/absences/{absenceId:guid}", Update).WithName("UpdateAbsence")
            .WithSummary("Change an active absence (fields left out keep their value)").RequireRoles(Roles.HospitalAdmin, Roles.Doctor);
        doctors.MapDelete("/{id:guid}/absences/{absenceId:guid}", Cancel).WithName("CancelAbsence")
            .WithSummary("Cancel an absence; its slots become bookable again").RequireRoles(Roles.HospitalAdmin, Roles.Doctor);
    }

    public static async Task<Created<AbsenceResponse>> Add(Guid id, AbsenceRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var isFullDay = request.IsFullDay ?? true;
        var absence = Absence(check, check.Enum("absenceType", request.AbsenceType), check.Date("startDate", request.StartDate),
            check.Date("endDate", request.EndDate), isFullDay, request.StartTime, request.EndTime, request.Reason);
        check.ThrowIfInvalid();
        var result = await cluster.GetGrain<IDoctorGrain>(id).AddAbsence(absence, user.ToCaller());
        return TypedResults.Created($"/api/v1/doctors/{id}/absences/{result.Absence.Id}", AbsenceResponse.From(result));
    }

    public static async Task<Ok<PageResponse<AbsenceResponse>>> List(Guid id, AbsenceStatus? status, int? limit, int? offset, ClaimsPrincipal user,
        IClusterClient cluster)
    {
        var check = new RequestCheck();
        var only = status;
        var paging = check.Paging(limit, offset);
        check.ThrowIfInvalid();
        var doctor = await cluster.GetGrain<IDoctorGrain>(id).Get(user.ToCaller());
        return TypedResults.Ok(PagedList.Of([.. doctor.Absences.Where(a => only is null || a.Status == only).OrderBy(a => a.StartDate)], paging,
            AbsenceResponse.From));
    }

    public static async Task<Ok<AbsenceResponse>> Update(Guid id, Guid absenceId, ChangeAbsenceRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var doctor = cluster.GetGrain<IDoctorGrain>(id);
        var current = (await doctor.Get(caller)).Absences.FirstOrDefault(a => a.Id == absenceId)
            ?? throw Errors.NotFound("absence_not_found", "No such absence.");
        var check = new RequestCheck();
        var isFullDay = request.IsFullDay ?? current.IsFullDay;
        var absence = Absence(check, request.AbsenceType ?? current.Type, request.StartDate ?? current.StartDate,
            request.EndDate ?? current.EndDate, isFullDay, request.StartTime ?? current.StartTime, request.EndTime ?? current.EndTime,
            request.Reason ?? current.Reason);
        check.ThrowIfInvalid();
        return TypedResults.Ok(AbsenceResponse.From(await doctor.UpdateAbsence(absenceId, absence, caller)));
    }

    public static async Task<Ok<AbsenceResponse>> Cancel(Guid id, Guid absenceId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(AbsenceResponse.From(await cluster.GetGrain<IDoctorGrain>(id).CancelAbsence(absenceId, user.ToCaller())));

    private static NewAbsence Absence(RequestCheck check, AbsenceType type, DateOnly start, DateOnly end, bool isFullDay,
        TimeOnly? startTime, TimeOnly? endTime, string? reason)
    {
        var from = isFullDay ? null : startTime;
        var to = isFullDay ? null : endTime;
        if (!isFullDay && (from is null || to is null))
        {
            check.Add("startTime", "A partial-day absence (isFullDay: false) needs startTime and endTime (HH:mm).");
        }
        return new NewAbsence(type, start, end, isFullDay, from, to, check.OptionalText("reason", reason, 500));
    }
}
