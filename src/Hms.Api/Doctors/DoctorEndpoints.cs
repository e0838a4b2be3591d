using System.Collections.Immutable;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Doctors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Doctors;

public static class DoctorEndpoints
{
    public sealed record RegisterDoctorRequest(string? FirstName, string? LastName, string? Specialization = null,
        [property: Range(DoctorLimits.MinSlotDurationMinutes, DoctorLimits.MaxSlotDurationMinutes)] int? SlotDuration = null,
        [property: Range(1, DoctorLimits.MaxPatientsPerDay)] int? MaxPatientsPerDay = null, ScheduleBody[]? Schedules = null,
        [property: Description(LinkedUser)] string? UserId = null);

    public sealed record UpdateDoctorRequest(string? FirstName = null, string? LastName = null, string? Specialization = null,
        [property: Range(DoctorLimits.MinSlotDurationMinutes, DoctorLimits.MaxSlotDurationMinutes)] int? SlotDuration = null,
        [property: Range(1, DoctorLimits.MaxPatientsPerDay)] int? MaxPatientsPerDay = null, bool? IsAvailable = null, bool? IsActive = null,
        [property: Description(LinkedUser + " \"\" unlinks.")] string? UserId = null);

    private const string LinkedUser = "The doctor's own user (token subject): a DOCTOR with this subject changes this doctor's schedule, "
        + "absences and slots; other DOCTORs cannot (a HOSPITAL_ADMIN changes any doctor's).";

    public sealed record SchedulesRequest(ScheduleBody[]? Schedules);

    public sealed record ListQuery(bool? IsAvailable, string? Specialization, string? Search, int? Limit, int? Offset);

    public static RouteGroupBuilder MapDoctorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/doctors").WithTags("Doctors");
        group.MapPost("/", Register).WithName("RegisterDoctor")
            .WithSummary("Register a doctor with slot duration and weekly schedule").RequireRoles(Roles.HospitalAdmin);
        group.MapGet("/", List).WithName("ListDoctors").WithSummary("The hospital's doctors").RequireAuthorization();
        group.MapGet("/{id:guid}", Get).WithName("GetDoctor").WithSummary("A doctor with schedule and absences")
            .RequireAuthorization();
        group.MapPatch("/{id:guid}", Update).WithName("UpdateDoctor")
            .WithSummary("Change slot duration, daily maximum, availability; going unavailable cancels future appointments")
            .RequireRoles(Roles.HospitalAdmin);
        group.MapPut("/{id:guid}/schedules", SetSchedules).WithName("SetDoctorSchedules")
            .WithSummary("Replace the weekly schedule; reports appointments no longer on a valid slot")
            .RequireRoles(Roles.HospitalAdmin, Roles.Doctor);
        group.MapAbsenceEndpoints();
        return group;
    }

    public static async Task<Created<DoctorResponse>> Register(RegisterDoctorRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new RegisterDoctor(
            check.Text("firstName", request.FirstName, 100),
            check.Text("lastName", request.LastName, 100),
            check.OptionalText("specialization", request.Specialization, 100),
            check.Number("slotDuration", request.SlotDuration, DoctorLimits.MinSlotDurationMinutes, DoctorLimits.MaxSlotDurationMinutes, 30),
            check.Number("maxPatientsPerDay", request.MaxPatientsPerDay, 1, DoctorLimits.MaxPatientsPerDay, 30),
            Schedules(check, request.Schedules),
            check.OptionalText("userId", request.UserId, 200));
        check.ThrowIfInvalid();
        var doctor = await cluster.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/doctors/{doctor.Id}", DoctorResponse.From(doctor));
    }

    public static async Task<Ok<PageResponse<DoctorSummaryResponse>>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new DoctorFilter(query.IsAvailable, check.OptionalText("specialization", query.Specialization, 100),
            check.OptionalText("search", query.Search, 100), check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IDoctorQueryGrain>(0).List(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, DoctorSummaryResponse.From));
    }

    public static async Task<Ok<DoctorResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(DoctorResponse.From(await cluster.GetGrain<IDoctorGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<DoctorResponse>> Update(Guid id, UpdateDoctorRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new UpdateDoctor(
            check.OptionalText("firstName", request.FirstName, 100),
            check.OptionalText("lastName", request.LastName, 100),
            check.OptionalText("specialization", request.Specialization, 100),
            request.SlotDuration is null ? null
                : check.Number("slotDuration", request.SlotDuration, DoctorLimits.MinSlotDurationMinutes, DoctorLimits.MaxSlotDurationMinutes),
            request.MaxPatientsPerDay is null ? null
                : check.Number("maxPatientsPerDay", request.MaxPatientsPerDay, 1, DoctorLimits.MaxPatientsPerDay),
            request.IsAvailable, request.IsActive,
            request.UserId is "" ? "" : check.OptionalText("userId", request.UserId, 200));
        check.ThrowIfInvalid();
        var result = await cluster.GetGrain<IDoctorGrain>(id).Update(command, user.ToCaller());
        return TypedResults.Ok(DoctorResponse.From(result.Doctor) with
        {
            CancelledAppointments = result.CancelledAppointments,
            NotifiedPatients = result.NotifiedPatients + result.OffScheduleAppointmentIds.Length,
            AffectedAppointmentIds = result.AffectedAppointmentIds,
            OffScheduleAppointmentIds = result.OffScheduleAppointmentIds,
        });
    }

    public static async Task<Ok<DoctorResponse>> SetSchedules(Guid id, SchedulesRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        if (request.Schedules is null)
        {
            check.Add("schedules", "schedules is required (one entry per working weekday).");
        }
        var schedules = Schedules(check, request.Schedules);
        check.ThrowIfInvalid();
        var result = await cluster.GetGrain<IDoctorGrain>(id).SetSchedules(schedules, user.ToCaller());
        return TypedResults.Ok(DoctorResponse.From(result.Doctor) with
        {
            NotifiedPatients = result.NotifiedPatients,
            OffScheduleAppointmentIds = result.AffectedAppointmentIds,
        });
    }

    internal static ImmutableArray<WeeklySchedule> Schedules(RequestCheck check, ScheduleBody[]? bodies)
    {
        if (bodies is null)
        {
            return [];
        }
        if (bodies.Length > 7)
        {
            check.Add("schedules", "schedules has at most one entry per weekday.");
        }
        var schedules = ImmutableArray.CreateBuilder<WeeklySchedule>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var b = bodies[i];
            var at = $"schedules[{i}]";
            if (b is null)
            {
                check.Add(at, $"{at} is required.");
                continue;
            }
            schedules.Add(new WeeklySchedule(check.Required($"{at}.dayOfWeek", b.DayOfWeek, "MONDAY … SUNDAY"),
                check.Time($"{at}.startTime", b.StartTime), check.Time($"{at}.endTime", b.EndTime), b.BreakStart, b.BreakEnd,
                b.IsActive ?? true));
        }
        return schedules.ToImmutable();
    }
}
