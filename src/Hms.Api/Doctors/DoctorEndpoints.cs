using System.Collections.Immutable;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Doctors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Doctors;

public static class DoctorEndpoints
{
    public sealed record ScheduleBody(string? DayOfWeek, string? StartTime, string? EndTime, string? BreakStart,
        string? BreakEnd, bool? IsActive);

    public sealed record RegisterDoctorRequest(string? FirstName, string? LastName, string? Specialization,
        int? SlotDuration, int? MaxPatientsPerDay, ScheduleBody[]? Schedules);

    public sealed record ScheduleResponse(string DayOfWeek, string StartTime, string EndTime, string? BreakStart,
        string? BreakEnd, bool IsActive);

    public sealed record DoctorResponse(Guid Id, string HospitalId, string FirstName, string LastName,
        string? Specialization, int SlotDuration, int MaxPatientsPerDay, bool IsAvailable, bool IsActive,
        IReadOnlyList<ScheduleResponse> Schedules, DateTimeOffset CreatedAt);

    public static RouteGroupBuilder MapDoctorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/doctors").WithTags("Doctors");
        group.MapPost("/", Register).WithName("RegisterDoctor")
            .WithSummary("Register a doctor with slot duration and weekly schedule").RequireRoles(Roles.HospitalAdmin);
        group.MapGet("/{id:guid}", Get).WithName("GetDoctor").WithSummary("A doctor of the caller's hospital")
            .RequireAuthorization();
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
            Schedules(check, request.Schedules));
        check.ThrowIfInvalid();

        var caller = user.ToCaller();
        var doctor = await cluster.GetGrain<IDoctorGrain>(Guid.NewGuid()).Register(command, caller);
        return TypedResults.Created($"/api/v1/doctors/{doctor.Id}", Response(doctor));
    }

    public static async Task<Ok<DoctorResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(Response(await cluster.GetGrain<IDoctorGrain>(id).Get(user.ToCaller())));

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
            var day = check.OptionalEnum<DayOfWeek>($"{at}.dayOfWeek", b.DayOfWeek);
            if (day is null && string.IsNullOrWhiteSpace(b.DayOfWeek))
            {
                check.Add($"{at}.dayOfWeek", $"{at}.dayOfWeek is required (MONDAY … SUNDAY).");
            }
            schedules.Add(new WeeklySchedule(day ?? DayOfWeek.Monday,
                check.Time($"{at}.startTime", b.StartTime), check.Time($"{at}.endTime", b.EndTime),
                check.OptionalTime($"{at}.breakStart", b.BreakStart), check.OptionalTime($"{at}.breakEnd", b.BreakEnd),
                b.IsActive ?? true));
        }
        return schedules.ToImmutable();
    }

    internal static DoctorResponse Response(DoctorView d) => new(d.Id, d.HospitalId, d.FirstName, d.LastName,
        d.Specialization, d.SlotDurationMinutes, d.MaxPatientsPerDay, d.IsAvailable, d.IsActive,
        [.. d.Schedules.Select(s => new ScheduleResponse(s.DayOfWeek.ToString().ToUpperInvariant(), Formats.Time(s.StartTime),
            Formats.Time(s.EndTime), Formats.Time(s.BreakStart), Formats.Time(s.BreakEnd), s.IsActive))],
        d.CreatedAt);
}
