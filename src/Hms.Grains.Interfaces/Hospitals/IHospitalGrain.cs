using System.Collections.Immutable;
using Hms.Common;
using Orleans.Concurrency;

namespace Hms.Hospitals;

/// <summary>A hospital (a tenant). Keyed by its tenant id, the <c>tenant_id</c> claim of its users.</summary>
[Alias("Hms.IHospitalGrain")]
public interface IHospitalGrain : IGrainWithStringKey
{
    /// <summary>Registers the hospital. Only the caller's own tenant can be registered.</summary>
    [Alias("Register")]
    [Allows(Roles.HospitalAdmin)]
    Task<HospitalView> Register(RegisterHospital command, Caller caller);

    [Alias("Get")]
    [Allows(Roles.Anyone)]
    Task<HospitalView> Get(Caller caller);

    /// <summary>For other grains: the hospital, or null when it was never registered.</summary>
    [Alias("Find"), AlwaysInterleave]
    Task<HospitalView?> Find();

    /// <summary>Renames the hospital or changes its rule settings (the time zone is fixed at registration).</summary>
    [Alias("Update")]
    [Allows(Roles.HospitalAdmin)]
    Task<HospitalView> Update(UpdateHospital command, Caller caller);

    [Alias("AddHoliday")]
    [Allows(Roles.HospitalAdmin)]
    Task<Holiday> AddHoliday(AddHoliday command, Caller caller);

    /// <summary>Deactivates a holiday: its dates get slots again.</summary>
    [Alias("RemoveHoliday")]
    [Allows(Roles.HospitalAdmin)]
    Task<Holiday> RemoveHoliday(Guid holidayId, Caller caller);

    /// <summary>Adds or updates a staff member (keyed by their user id, the <c>sub</c> of their tokens).</summary>
    [Alias("SaveStaff")]
    [Allows(Roles.HospitalAdmin)]
    Task<StaffMember> SaveStaff(StaffMember member, Caller caller);
}

/// <summary>A member of the hospital's staff: who gets the hospital's own notices (e.g. HOSPITAL_ADMINs on failing jobs).</summary>
[GenerateSerializer, Immutable, Alias("Hms.StaffMember")]
public sealed record class StaffMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] ImmutableArray<string> Roles,
    [property: Id(4)] string? Email,
    [property: Id(5)] string? Phone,
    [property: Id(6)] bool IsActive = true);

[GenerateSerializer, Immutable, Alias("Hms.RegisterHospital")]
public sealed record class RegisterHospital(
    [property: Id(0)] string Name,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] HospitalSettings? Settings);

[GenerateSerializer, Immutable, Alias("Hms.UpdateHospital")]
public sealed record class UpdateHospital(
    [property: Id(0)] string? Name,
    [property: Id(1)] HospitalSettings? Settings);

[GenerateSerializer, Immutable, Alias("Hms.AddHoliday")]
public sealed record class AddHoliday(
    [property: Id(0)] string Name,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] bool IsRecurring,
    [property: Id(3)] string? Description);

/// <summary>A hospital holiday; a recurring one matches its month and day every year.</summary>
[GenerateSerializer, Immutable, Alias("Hms.Holiday")]
public sealed record class Holiday(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] bool IsRecurring,
    [property: Id(4)] bool IsActive,
    [property: Id(5)] string? Description)
{
    public bool Covers(DateOnly date) =>
        IsActive && (IsRecurring ? date.Month == Date.Month && date.Day == Date.Day : date == Date);
}

/// <summary>Per-hospital rule settings: booking horizon 30 days, blocking after 3 no-shows, alert buffers 5/10 min, waiting limit 45 min, slots generated 30 days ahead, waitlist offers held 15 min, unless the hospital says otherwise.</summary>
[GenerateSerializer, Immutable, Alias("Hms.HospitalSettings")]
public sealed record class HospitalSettings(
    [property: Id(0)] int BookingHorizonDays = 30,
    [property: Id(1)] int NoShowBlockThreshold = 3,
    [property: Id(2)] int VitalsAlertBufferMinutes = 5,
    [property: Id(3)] int DoctorAlertBufferMinutes = 10,
    [property: Id(4)] int WaitingTooLongMinutes = 45,
    [property: Id(5)] int SlotGenerationDays = 30,
    [property: Id(6)] ReminderSettings? Reminders = null,
    [property: Id(7)] int? WaitlistOfferMinutes = null)
{
    public static HospitalSettings Default { get; } = new();

    /// <summary>How long a freed slot offered to a waitlisted patient is held for them (15 minutes when the hospital set none).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveWaitlistOfferMinutes => WaitlistOfferMinutes ?? DefaultWaitlistOfferMinutes;

    public const int DefaultWaitlistOfferMinutes = 15;

    /// <summary>The longest hold of a waitlist offer: a day.</summary>
    public const int MaxWaitlistOfferMinutes = 1440;

    /// <summary>The reminders patients get before their appointments (the defaults when the hospital set none).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ReminderSettings EffectiveReminders => Reminders ?? ReminderSettings.Default;

    /// <summary>The most days a hospital generates slots ahead (and a slot query may span).</summary>
    public const int MaxSlotGenerationDays = 93;
}

/// <summary>
/// Reminders before an appointment: each offset is a duration before the slot starts (24 h before a
/// slot after a clock change is 24 real hours); one that falls in the quiet hours (wall clock in the
/// hospital's zone; start = end: none) goes out when they end, or — when they end after the slot has
/// started — in the minute before they began. Sent on <see cref="Channels"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Hms.ReminderSettings")]
public sealed record class ReminderSettings(
    [property: Id(0)] ImmutableArray<int> OffsetsMinutes,
    [property: Id(1)] TimeOnly QuietHoursStart,
    [property: Id(2)] TimeOnly QuietHoursEnd,
    [property: Id(3)] ImmutableArray<Notifications.Channel> Channels)
{
    /// <summary>24 h and 2 h before, quiet 21:00–08:00, by SMS and in the app.</summary>
    public static ReminderSettings Default { get; } =
        new([1440, 120], new TimeOnly(21, 0), new TimeOnly(8, 0), [Notifications.Channel.Sms, Notifications.Channel.InApp]);

    public const int MaxOffsets = 5;

    /// <summary>The earliest reminder: 14 days before.</summary>
    public const int MaxOffsetMinutes = 14 * 24 * 60;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasQuietHours => QuietHoursStart != QuietHoursEnd;
}

[GenerateSerializer, Immutable, Alias("Hms.HospitalView")]
public sealed record class HospitalView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] HospitalSettings Settings,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] ImmutableArray<Holiday> Holidays,
    [property: Id(6)] long Version,
    [property: Id(7)] ImmutableArray<StaffMember> Staff)
{
    public bool IsHoliday(DateOnly date) => Holidays.Any(h => h.Covers(date));
}
