using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Hospitals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hospitals;

public static class HospitalEndpoints
{
    public sealed record SettingsBody(int? BookingHorizonDays, int? NoShowBlockThreshold, int? VitalsAlertBufferMinutes,
        int? DoctorAlertBufferMinutes, int? WaitingTooLongMinutes, int? SlotGenerationDays);

    public sealed record RegisterHospitalRequest(string? Name, string? TimeZone, SettingsBody? Settings);

    public sealed record HospitalResponse(string Id, string Name, string TimeZone, HospitalSettings Settings, DateTimeOffset CreatedAt);

    public static RouteGroupBuilder MapHospitalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/hospitals").WithTags("Hospitals");
        group.MapPost("/", Register).WithName("RegisterHospital")
            .WithSummary("Register the caller's hospital (its id is the caller's tenant id)")
            .RequireRoles(Roles.HospitalAdmin);
        group.MapGet("/current", GetCurrent).WithName("GetCurrentHospital")
            .WithSummary("The caller's hospital").RequireAuthorization();
        return group;
    }

    public static async Task<Created<HospitalResponse>> Register(RegisterHospitalRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var name = check.Text("name", request.Name, 200);
        var timeZone = check.Text("timeZone", request.TimeZone, 64);
        var d = HospitalSettings.Default;
        var s = request.Settings;
        var settings = new HospitalSettings(
            check.Number("settings.bookingHorizonDays", s?.BookingHorizonDays, 1, 365, d.BookingHorizonDays),
            check.Number("settings.noShowBlockThreshold", s?.NoShowBlockThreshold, 1, 100, d.NoShowBlockThreshold),
            check.Number("settings.vitalsAlertBufferMinutes", s?.VitalsAlertBufferMinutes, 0, 240, d.VitalsAlertBufferMinutes),
            check.Number("settings.doctorAlertBufferMinutes", s?.DoctorAlertBufferMinutes, 0, 240, d.DoctorAlertBufferMinutes),
            check.Number("settings.waitingTooLongMinutes", s?.WaitingTooLongMinutes, 1, 720, d.WaitingTooLongMinutes),
            check.Number("settings.slotGenerationDays", s?.SlotGenerationDays, 1, 365, d.SlotGenerationDays));
        check.ThrowIfInvalid();

        var caller = user.ToCaller();
        var hospital = await cluster.GetGrain<IHospitalGrain>(caller.TenantId)
            .Register(new RegisterHospital(name, timeZone, settings), caller);
        return TypedResults.Created("/api/v1/hospitals/current", Response(hospital));
    }

    public static async Task<Ok<HospitalResponse>> GetCurrent(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(Response(await cluster.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller)));
    }

    private static HospitalResponse Response(HospitalView h) => new(h.Id, h.Name, h.TimeZone, h.Settings, h.CreatedAt);
}
