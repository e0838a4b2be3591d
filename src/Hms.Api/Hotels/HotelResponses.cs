using System.Text.Json;
using Hms.Api.Http;
using Hms.Hotels;

namespace Hms.Api.Hotels;

public sealed record SettingsResponse(string NoShowCutoff, bool CutoffNextDay, FeePolicy FeePolicy, decimal FeePercent, decimal FlatFee,
    bool ChargeNonGuaranteed, string? GuaranteedHoldUntil, string CheckOutTime)
{
    public static SettingsResponse From(HotelSettings s) => new(Formats.Time(s.NoShowCutoff), s.CutoffNextDay, s.FeePolicy, s.FeePercent, s.FlatFee,
        s.ChargeNonGuaranteed, Formats.Time(s.GuaranteedHoldUntil), Formats.Time(s.CheckOutTime));
}

public sealed record StaffResponse(string UserId, string Name, IReadOnlyList<string> Roles, string? Email, string? Phone, bool IsActive)
{
    public static StaffResponse From(HotelStaffMember m) => new(m.UserId, m.Name, m.Roles, m.Email, m.Phone, m.IsActive);
}

public sealed record HotelResponse(string Id, string Name, string TimeZone, SettingsResponse Settings, IReadOnlyList<RoomType> RoomTypes,
    IReadOnlyList<Room> Rooms, IReadOnlyList<StaffResponse> Staff, DateTimeOffset CreatedAt)
{
    public static HotelResponse From(HotelView h) => new(h.Id, h.Name, h.TimeZone, SettingsResponse.From(h.Settings), h.RoomTypes, h.Rooms,
        [.. h.Staff.Select(StaffResponse.From)], h.CreatedAt);
}

public sealed record FolioSummary(FolioStatus Status, decimal Total, decimal Balance, string? InvoiceNumber);

public sealed record ReservationResponse(Guid Id, string HotelId, string GuestName, string? GuestEmail, string? GuestPhone, Guid RoomTypeId, Guid? RoomId,
    string ArrivalDate, string DepartureDate, int Nights, decimal NightlyRate, string Currency, bool Guaranteed, ReservationStatus Status,
    DateTimeOffset CutoffAt, DateTimeOffset? HoldUntil, bool NightsHeld, DateTimeOffset? ReinstateUntil, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset UpdatedAt, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, DateTimeOffset? CancelledAt, DateTimeOffset? NoShowAt,
    string? CancelReason, FolioSummary? Folio)
{
    public static ReservationResponse From(ReservationView r, FolioSummary? folio = null) => new(r.Id, r.HotelId, r.Guest.Name, r.Guest.Email,
        r.Guest.Phone, r.RoomTypeId, r.RoomId, Formats.Date(r.Arrival), Formats.Date(r.Departure), r.Nights, r.NightlyRate, r.Currency, r.Guaranteed,
        r.Status, r.CutoffAt, r.HoldUntil, r.NightsHeld, r.ReinstateUntil, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.CheckedInAt, r.CheckedOutAt,
        r.CancelledAt, r.NoShowAt, r.CancelReason, folio);

    public static ReservationResponse From(ReservationSummary s) =>
        From(s.Reservation, new FolioSummary(s.FolioStatus, s.FolioTotal, s.FolioBalance, s.InvoiceNumber));
}

public sealed record FolioResponse(Guid Id, string HotelId, Guid ReservationId, FolioStatus Status, string Currency, IReadOnlyList<FolioCharge> Charges,
    IReadOnlyList<FolioPayment> Payments, decimal Total, decimal Paid, decimal Balance, DateTimeOffset? CompletedAt, string? InvoiceNumber, Guid? InvoiceId)
{
    public static FolioResponse From(FolioView f) => new(f.Id, f.HotelId, f.ReservationId, f.Status, f.Currency, f.Charges, f.Payments, f.Total, f.Paid,
        f.Balance, f.CompletedAt, f.InvoiceNumber, f.InvoiceId);
}

public sealed record InvoiceResponse(Guid Id, string HotelId, string InvoiceNumber, Guid FolioId, string GuestName, decimal TotalAmount, decimal PaidAmount,
    decimal BalanceAmount, string Currency, PaymentStatus PaymentStatus, DateTimeOffset IssuedAt)
{
    public static InvoiceResponse From(Invoice i) => new(i.Id, i.HotelId, i.Number, i.FolioId, i.GuestName, i.Total, i.Paid, i.Balance, i.Currency,
        i.PaymentStatus, i.IssuedAt);
}

public sealed record AvailabilityResponse(Guid RoomTypeId, string Date, int TotalRooms, int OccupiedRooms, int AvailableRooms, decimal OccupancyRate)
{
    public static AvailabilityResponse From(AvailabilityDay d) =>
        new(d.RoomTypeId, Formats.Date(d.Date), d.TotalRooms, d.OccupiedRooms, d.AvailableRooms, d.OccupancyRate);
}

public sealed record TaskResponse(Guid Id, Guid RoomId, string RoomNumber, HousekeepingTaskKind Kind, TaskPriority Priority, HousekeepingTaskStatus Status,
    string? AssigneeId, string Date, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt)
{
    public static TaskResponse From(HousekeepingTask t) => new(t.Id, t.RoomId, t.RoomNumber, t.Kind, t.Priority, t.Status, t.AssigneeId,
        Formats.Date(t.RoundDate), t.CreatedAt, t.StartedAt, t.CompletedAt);
}

public sealed record WorkOrderResponse(Guid Id, Guid EquipmentId, string Title, WorkOrderPriority Priority, WorkOrderStatus Status, string DueOn,
    DateTimeOffset CreatedAt, string Source, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Notes)
{
    public static WorkOrderResponse From(WorkOrder w) => new(w.Id, w.EquipmentId, w.Title, w.Priority, w.Status, Formats.Date(w.DueOn), w.CreatedAt,
        w.Source.Name, w.StartedAt, w.CompletedAt, w.CompletedBy, w.Notes);
}

public sealed record EquipmentResponse(Guid Id, string Name, string? Location, Guid? RoomId, int IntervalDays, string LastMaintainedOn, string NextDueOn,
    bool IsActive, Guid? OpenWorkOrderId)
{
    public static EquipmentResponse From(EquipmentSummary e) => new(e.Id, e.Name, e.Location, e.RoomId, e.IntervalDays, Formats.Date(e.LastMaintainedOn),
        Formats.Date(e.NextDueOn), e.IsActive, e.OpenWorkOrderId);

    public static EquipmentResponse From(EquipmentView e) => new(e.Id, e.Name, e.Location, e.RoomId, e.IntervalDays, Formats.Date(e.LastMaintainedOn),
        Formats.Date(e.NextDueOn), e.IsActive, e.OpenWorkOrder?.Id);
}

public sealed record HotelJobResponse(string JobName, bool Enabled, string LocalTime, string? Weekday, int? EveryHours, DateTimeOffset? NextRunAt,
    Guid? LastRunId, string? LastStatus, DateTimeOffset? LastRunAt, int? RetryAttempt, DateTimeOffset? RetryAt)
{
    public static HotelJobResponse From(HotelJobView j) => new(j.Schedule.Job.Name, j.Schedule.Enabled, Formats.Time(j.Schedule.LocalTime),
        j.Schedule.Weekday?.ToString().ToUpperInvariant(), j.Schedule.EveryHours, j.NextRunAt, j.LastRunId, j.LastStatus?.Name, j.LastRunAt, j.RetryAttempt, j.RetryAt);
}

/// <summary>JSON a job stored as text, given back as JSON.</summary>
public static class RawJson
{
    public static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
