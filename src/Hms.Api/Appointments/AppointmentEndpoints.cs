using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Appointments;
using Hms.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Appointments;

public static class AppointmentEndpoints
{
    public sealed record BookAppointmentRequest(Guid? PatientId, Guid? DoctorId, DateOnly? AppointmentDate,
        TimeOnly? StartTime, string? Reason = null);

    public sealed record RescheduleRequest(DateOnly? AppointmentDate, TimeOnly? StartTime, Guid? DoctorId = null);

    public sealed record StatusRequest(AppointmentStatus? Status, string? Notes = null);

    public sealed record ListQuery(DateOnly? From, DateOnly? To, Guid? DoctorId, Guid? PatientId, AppointmentStatus? Status, int? Limit, int? Offset);

    private static readonly string[] Everyone = [.. Roles.Staff, Roles.Patient];

    public static RouteGroupBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/appointments").WithTags("Appointments");
        group.MapPost("/", Book).WithName("BookAppointment")
            .WithSummary("Book a slot after the 14 booking validations; it becomes NO_SHOW by itself at slot start + slot duration")
            .RequireRoles(Everyone);
        group.MapGet("/", List).WithName("ListAppointments")
            .WithSummary("Appointments by date range, doctor, patient and status (patients see their own)").RequireRoles(Everyone);
        group.MapGet("/{id:guid}", Get).WithName("GetAppointment").WithSummary("One appointment").RequireRoles(Everyone);
        group.MapPatch("/{id:guid}", Reschedule).WithName("RescheduleAppointment")
            .WithSummary("Move to another slot: the new slot is taken before the old one is released").RequireRoles(Everyone);
        group.MapPatch("/{id:guid}/status", ChangeStatus).WithName("ChangeAppointmentStatus")
            .WithSummary("Move the status forward (409 otherwise)").RequireRoles(Roles.Staff);
        group.MapDelete("/{id:guid}", Cancel).WithName("CancelAppointment")
            .WithSummary("Cancel and release the slot").RequireRoles(Everyone);
        group.MapPost("/{id:guid}/check-in", CheckIn).WithName("CheckInAppointment")
            .WithSummary("The patient arrived: CHECKED_IN, checkedInAt").RequireRoles(Roles.CheckIn);
        group.MapPost("/{id:guid}/vitals", RecordVitals).WithName("RecordVitals")
            .WithSummary("Record vitals: vitalsRecordedAt").RequireRoles(Roles.Vitals);
        return group;
    }

    public static async Task<Created<AppointmentResponse>> Book(BookAppointmentRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new BookAppointment(
            check.Id("patientId", request.PatientId),
            check.Id("doctorId", request.DoctorId),
            check.Date("appointmentDate", request.AppointmentDate),
            check.Time("startTime", request.StartTime),
            check.OptionalText("reason", request.Reason, 500));
        check.ThrowIfInvalid();
        var appointment = await cluster.GetGrain<IAppointmentGrain>(Guid.NewGuid()).Book(command, user.ToCaller());
        return TypedResults.Created($"/api/v1/appointments/{appointment.Id}", AppointmentResponse.From(appointment));
    }

    public static async Task<Ok<PageResponse<AppointmentResponse>>> List([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var filter = new AppointmentFilter(query.From, query.To,
            query.DoctorId, query.PatientId,
            query.Status, check.Paging(query.Limit, query.Offset));
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<IAppointmentQueryGrain>(0).List(filter, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, AppointmentResponse.From));
    }

    public static async Task<Ok<AppointmentResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(AppointmentResponse.From(await cluster.GetGrain<IAppointmentGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<AppointmentResponse>> Reschedule(Guid id, RescheduleRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new RescheduleAppointment(check.Date("appointmentDate", request.AppointmentDate),
            check.Time("startTime", request.StartTime), request.DoctorId);
        check.ThrowIfInvalid();
        return TypedResults.Ok(AppointmentResponse.From(await cluster.GetGrain<IAppointmentGrain>(id).Reschedule(command, user.ToCaller())));
    }

    public static async Task<Ok<AppointmentResponse>> ChangeStatus(Guid id, StatusRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var status = check.Enum("status", request.Status);
        var notes = check.OptionalText("notes", request.Notes, 1000);
        check.ThrowIfInvalid();
        return TypedResults.Ok(AppointmentResponse.From(
            await cluster.GetGrain<IAppointmentGrain>(id).ChangeStatus(status, notes, user.ToCaller())));
    }

    public static async Task<Ok<AppointmentResponse>> Cancel(Guid id, string? reason, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var why = check.OptionalText("reason", reason, 1000);
        check.ThrowIfInvalid();
        return TypedResults.Ok(AppointmentResponse.From(await cluster.GetGrain<IAppointmentGrain>(id).Cancel(why, user.ToCaller())));
    }

    public static async Task<Ok<AppointmentResponse>> CheckIn(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(AppointmentResponse.From(await cluster.GetGrain<IAppointmentGrain>(id).CheckIn(user.ToCaller())));

    public static async Task<Ok<AppointmentResponse>> RecordVitals(Guid id, VitalsBody request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        Range(check, "systolicBp", request.SystolicBp, 40, 300);
        Range(check, "diastolicBp", request.DiastolicBp, 20, 200);
        Range(check, "heartRate", request.HeartRate, 20, 300);
        Range(check, "respiratoryRate", request.RespiratoryRate, 4, 80);
        Range(check, "oxygenSaturation", request.OxygenSaturation, 50, 100);
        if (request.TemperatureC is < 30 or > 45)
        {
            check.Add("temperatureC", "temperatureC must be between 30 and 45.");
        }
        if (request.WeightKg is <= 0 or > 500)
        {
            check.Add("weightKg", "weightKg must be between 0 and 500.");
        }
        var vitals = new Vitals(request.SystolicBp, request.DiastolicBp, request.HeartRate, request.TemperatureC,
            request.RespiratoryRate, request.OxygenSaturation, request.WeightKg, check.OptionalText("notes", request.Notes, 1000));
        check.ThrowIfInvalid();
        return TypedResults.Ok(AppointmentResponse.From(await cluster.GetGrain<IAppointmentGrain>(id).RecordVitals(vitals, user.ToCaller())));
    }

    private static void Range(RequestCheck check, string field, int? value, int min, int max)
    {
        if (value is not null)
        {
            check.Number(field, value, min, max);
        }
    }
}
