using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Hospitals;
using Hms.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Hospitals;

public static class HospitalEndpoints
{
    /// <summary>The hospital's rules; a field left out keeps its current (or default) value.</summary>
    public sealed record SettingsBody(
        [property: Range(1, 365)] int? BookingHorizonDays = null,
        [property: Range(1, 100)] int? NoShowBlockThreshold = null,
        [property: Range(0, 240)] int? VitalsAlertBufferMinutes = null,
        [property: Range(0, 240)] int? DoctorAlertBufferMinutes = null,
        [property: Range(1, 720)] int? WaitingTooLongMinutes = null,
        [property: Range(1, HospitalSettings.MaxSlotGenerationDays)] int? SlotGenerationDays = null,
        ReminderSettingsBody? Reminders = null,
        [property: Range(1, HospitalSettings.MaxWaitlistOfferMinutes)] int? WaitlistOfferMinutes = null);

    /// <summary>
    /// Reminders before appointments (defaults: 24 h and 2 h before, quiet 21:00–08:00, SMS and in-app).
    /// Offsets are minutes before the slot (at most 5, each up to 14 days; [] turns reminders off); a reminder
    /// in the quiet hours (hospital wall clock; start = end: none) goes when they end, or the minute before they
    /// began when they end after the slot. A field left out keeps its value. New bookings use the settings.
    /// </summary>
    public sealed record ReminderSettingsBody(int[]? OffsetsMinutes = null, TimeOnly? QuietHoursStart = null, TimeOnly? QuietHoursEnd = null,
        ReminderChannel[]? Channels = null);

    public enum ReminderChannel
    {
        SMS,
        IN_APP,
        EMAIL,
    }

    /// <summary>A new hospital; <c>timeZone</c> is an IANA zone (e.g. Europe/Berlin) and cannot change later.</summary>
    public sealed record RegisterHospitalRequest(string? Name, string? TimeZone, SettingsBody? Settings = null);

    public sealed record UpdateHospitalRequest(string? Name = null, SettingsBody? Settings = null);

    public sealed record HolidayRequest(string? Name, DateOnly? Date, bool? IsRecurring = null, string? Description = null);

    public sealed record HolidayResponse(Guid Id, string Name, string Date, bool IsRecurring, bool IsActive, string? Description);

    public sealed record HospitalResponse(string Id, string Name, string TimeZone, HospitalSettings Settings,
        IReadOnlyList<HolidayResponse> Holidays, DateTimeOffset CreatedAt);

    public static RouteGroupBuilder MapHospitalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/hospitals").WithTags("Hospitals");
        group.MapPost("/", Register).WithName("RegisterHospital")
            .WithSummary("Register the caller's hospital (its id is the caller's tenant id)").RequireRoles(Roles.HospitalAdmin);
        group.MapGet("/current", GetCurrent).WithName("GetCurrentHospital").WithSummary("The caller's hospital").RequireAuthorization();
        group.MapPatch("/current", Update).WithName("UpdateHospital")
            .WithSummary("Rename the hospital or change its settings (booking horizon, block threshold, alert buffers, reminders, waitlist offer hold)")
            .RequireRoles(Roles.HospitalAdmin);
        group.MapGet("/current/holidays", Holidays).WithName("ListHolidays").WithSummary("The hospital's holidays").RequireAuthorization();
        group.MapPost("/current/holidays", AddHoliday).WithName("AddHoliday")
            .WithSummary("Add a holiday (one-off, or recurring every year on its month and day)").RequireRoles(Roles.HospitalAdmin);
        group.MapDelete("/current/holidays/{holidayId:guid}", RemoveHoliday).WithName("RemoveHoliday")
            .WithSummary("Deactivate a holiday").RequireRoles(Roles.HospitalAdmin);
        return group;
    }

    public static async Task<Created<HospitalResponse>> Register(RegisterHospitalRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var name = check.Text("name", request.Name, 200);
        var timeZone = check.Text("timeZone", request.TimeZone, 64);
        var settings = Settings(check, request.Settings, HospitalSettings.Default);
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var hospital = await cluster.GetGrain<IHospitalGrain>(caller.TenantId).Register(new RegisterHospital(name, timeZone, settings), caller);
        return TypedResults.Created("/api/v1/hospitals/current", Response(hospital));
    }

    public static async Task<Ok<HospitalResponse>> GetCurrent(ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(Response(await cluster.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller)));
    }

    public static async Task<Ok<HospitalResponse>> Update(UpdateHospitalRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        var hospital = cluster.GetGrain<IHospitalGrain>(caller.TenantId);
        var current = await hospital.Get(caller);
        var check = new RequestCheck();
        var name = check.OptionalText("name", request.Name, 200);
        var settings = request.Settings is null ? null : Settings(check, request.Settings, current.Settings);
        check.ThrowIfInvalid();
        return TypedResults.Ok(Response(await hospital.Update(new UpdateHospital(name, settings), caller)));
    }

    public static async Task<Ok<PageResponse<HolidayResponse>>> Holidays(int? limit, int? offset, ClaimsPrincipal user, IClusterClient cluster)
    {
        var paging = PagedList.Read(limit, offset);
        var caller = user.ToCaller();
        var hospital = await cluster.GetGrain<IHospitalGrain>(caller.TenantId).Get(caller);
        return TypedResults.Ok(PagedList.Of(hospital.Holidays, paging, Response));
    }

    public static async Task<Created<HolidayResponse>> AddHoliday(HolidayRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var command = new AddHoliday(check.Text("name", request.Name, 200), check.Date("date", request.Date),
            request.IsRecurring ?? false, check.OptionalText("description", request.Description, 1000));
        check.ThrowIfInvalid();
        var caller = user.ToCaller();
        var holiday = await cluster.GetGrain<IHospitalGrain>(caller.TenantId).AddHoliday(command, caller);
        return TypedResults.Created($"/api/v1/hospitals/current/holidays/{holiday.Id}", Response(holiday));
    }

    public static async Task<Ok<HolidayResponse>> RemoveHoliday(Guid holidayId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(Response(await cluster.GetGrain<IHospitalGrain>(caller.TenantId).RemoveHoliday(holidayId, caller)));
    }

    private static HospitalSettings Settings(RequestCheck check, SettingsBody? s, HospitalSettings d) => new(
        check.Number("settings.bookingHorizonDays", s?.BookingHorizonDays, 1, 365, d.BookingHorizonDays),
        check.Number("settings.noShowBlockThreshold", s?.NoShowBlockThreshold, 1, 100, d.NoShowBlockThreshold),
        check.Number("settings.vitalsAlertBufferMinutes", s?.VitalsAlertBufferMinutes, 0, 240, d.VitalsAlertBufferMinutes),
        check.Number("settings.doctorAlertBufferMinutes", s?.DoctorAlertBufferMinutes, 0, 240, d.DoctorAlertBufferMinutes),
        check.Number("settings.waitingTooLongMinutes", s?.WaitingTooLongMinutes, 1, 720, d.WaitingTooLongMinutes),
        check.Number("settings.slotGenerationDays", s?.SlotGenerationDays, 1, HospitalSettings.MaxSlotGenerationDays, d.SlotGenerationDays),
        Reminders(check, s?.Reminders, d.EffectiveReminders),
        check.Number("settings.waitlistOfferMinutes", s?.WaitlistOfferMinutes, 1, HospitalSettings.MaxWaitlistOfferMinutes,
            d.EffectiveWaitlistOfferMinutes));

    private static ReminderSettings Reminders(RequestCheck check, ReminderSettingsBody? r, ReminderSettings d)
    {
        var offsets = r?.OffsetsMinutes ?? [.. d.OffsetsMinutes];
        if (offsets.Length > ReminderSettings.MaxOffsets || offsets.Distinct().Count() != offsets.Length
            || offsets.Any(o => o is < 1 or > ReminderSettings.MaxOffsetMinutes))
        {
            check.Add("settings.reminders.offsetsMinutes",
                $"settings.reminders.offsetsMinutes holds at most {ReminderSettings.MaxOffsets} different offsets, each 1–{ReminderSettings.MaxOffsetMinutes} minutes before the slot.");
        }
        var channels = r?.Channels?.Select(c => c switch
        {
            ReminderChannel.SMS => Channel.Sms,
            ReminderChannel.EMAIL => Channel.Email,
            _ => Channel.InApp,
        }).Distinct().ToArray() ?? [.. d.Channels];
        if (channels.Length == 0)
        {
            check.Add("settings.reminders.channels", "settings.reminders.channels names at least one of SMS, IN_APP, EMAIL.");
        }
        return new ReminderSettings([.. offsets.Order().Reverse()], r?.QuietHoursStart ?? d.QuietHoursStart, r?.QuietHoursEnd ?? d.QuietHoursEnd,
            [.. channels]);
    }

    private static HolidayResponse Response(Holiday h) =>
        new(h.Id, h.Name, Formats.Date(h.Date), h.IsRecurring, h.IsActive, h.Description);

    private static HospitalResponse Response(HospitalView h) =>
        new(h.Id, h.Name, h.TimeZone, h.Settings with
        {
            Reminders = h.Settings.EffectiveReminders, WaitlistOfferMinutes = h.Settings.EffectiveWaitlistOfferMinutes,
        }, [.. h.Holidays.Select(Response)], h.CreatedAt);
}
