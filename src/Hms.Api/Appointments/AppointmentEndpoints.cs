using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Appointments;
using Hms.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Appointments;

public static class AppointmentEndpoints
{
    public sealed record BookAppointmentRequest(Guid? PatientId, Guid? DoctorId, string? AppointmentDate,
        string? StartTime, string? Reason);

    public sealed record AppointmentResponse(Guid Id, string HospitalId, Guid PatientId, Guid DoctorId,
        string AppointmentDate, string StartTime, string EndTime, int SlotDuration, string Status,
        DateTimeOffset SlotStartsAt, DateTimeOffset NoShowDueAt, DateTimeOffset? CheckedInAt,
        DateTimeOffset? VitalsRecordedAt, string? Reason, string? Notes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public static RouteGroupBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/appointments").WithTags("Appointments");
        group.MapPost("/", Book).WithName("BookAppointment")
            .WithSummary("Book a slot; the appointment becomes NO_SHOW by itself at slot start + slot duration")
            .RequireRoles(Roles.HospitalAdmin, Roles.Receptionist, Roles.Nurse, Roles.Doctor, Roles.Patient);
        group.MapGet("/{id:guid}", Get).WithName("GetAppointment").WithSummary("One appointment")
            .RequireAuthorization();
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
        return TypedResults.Created($"/api/v1/appointments/{appointment.Id}", Response(appointment));
    }

    public static async Task<Ok<AppointmentResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(Response(await cluster.GetGrain<IAppointmentGrain>(id).Get(user.ToCaller())));

    private static AppointmentResponse Response(AppointmentView a) => new(a.Id, a.HospitalId, a.PatientId, a.DoctorId,
        Formats.Date(a.AppointmentDate), Formats.Time(a.StartTime), Formats.Time(a.EndTime), a.SlotDurationMinutes,
        a.Status.ToString(), a.SlotStartsAt, a.NoShowDueAt, a.CheckedInAt, a.VitalsRecordedAt, a.Reason, a.Notes,
        a.CreatedAt, a.UpdatedAt);
}
