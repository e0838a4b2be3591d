using System.Collections.Immutable;

namespace Hms.Hotels;

public enum FolioStatus
{
    OPEN,
    COMPLETED,
}

/// <summary>What a charge is for; NO_SHOW_FEE and its reversal are posted by the hotel's rules only.</summary>
public enum ChargeKind
{
    ROOM,
    FOOD_BEVERAGE,
    SERVICE,
    OTHER,
    NO_SHOW_FEE,
    NO_SHOW_FEE_REVERSAL,
}

public enum PaymentMethod
{
    CASH,
    CARD,
    TRANSFER,
    OTHER,
}

public enum PaymentStatus
{
    PAID,
    PARTIAL,
    UNPAID,
}

[GenerateSerializer, Immutable, Alias("Hms.FolioCharge")]
public sealed record class FolioCharge(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ChargeKind Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] DateTimeOffset PostedAt,
    [property: Id(5)] string PostedBy);

[GenerateSerializer, Immutable, Alias("Hms.FolioPayment")]
public sealed record class FolioPayment(
    [property: Id(0)] Guid Id,
    [property: Id(1)] PaymentMethod Method,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string? Reference,
    [property: Id(4)] DateTimeOffset PostedAt,
    [property: Id(5)] string PostedBy);

/// <summary>A stay's bill: charges and payments, OPEN until check-out completes it; then invoiced once.</summary>
[GenerateSerializer, Immutable, Alias("Hms.FolioView")]
public sealed record class FolioView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] Guid ReservationId,
    [property: Id(3)] FolioStatus Status,
    [property: Id(4)] string Currency,
    [property: Id(5)] ImmutableArray<FolioCharge> Charges,
    [property: Id(6)] ImmutableArray<FolioPayment> Payments,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] string? InvoiceNumber,
    [property: Id(9)] Guid? InvoiceId)
{
    public decimal Total => Charges.Sum(c => c.Amount);

    public decimal Paid => Payments.Sum(p => p.Amount);

    public decimal Balance => Total - Paid;
}

[GenerateSerializer, Immutable, Alias("Hms.PostCharge")]
public sealed record class PostCharge(
    [property: Id(0)] ChargeKind Kind,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal Amount);

[GenerateSerializer, Immutable, Alias("Hms.PostPayment")]
public sealed record class PostPayment(
    [property: Id(0)] PaymentMethod Method,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string? Reference);

/// <summary>An invoice: numbered once per folio, without gaps per hotel and year (INV-2026-000042).</summary>
[GenerateSerializer, Immutable, Alias("Hms.Invoice")]
public sealed record class Invoice(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string HotelId,
    [property: Id(2)] string Number,
    [property: Id(3)] Guid FolioId,
    [property: Id(4)] string GuestName,
    [property: Id(5)] decimal Total,
    [property: Id(6)] decimal Paid,
    [property: Id(7)] string Currency,
    [property: Id(8)] DateTimeOffset IssuedAt)
{
    public decimal Balance => Total - Paid;

    public PaymentStatus PaymentStatus => Paid >= Total ? PaymentStatus.PAID : Paid > 0 ? PaymentStatus.PARTIAL : PaymentStatus.UNPAID;
}

/// <summary>What a folio's invoice is issued from.</summary>
[GenerateSerializer, Immutable, Alias("Hms.InvoiceRequest")]
public sealed record class InvoiceRequest(
    [property: Id(0)] Guid FolioId,
    [property: Id(1)] string GuestName,
    [property: Id(2)] decimal Total,
    [property: Id(3)] decimal Paid,
    [property: Id(4)] string Currency);

/// <summary>A hotel's invoice numbering: one grain per hotel, so numbers are unique and without gaps. Keyed by the hotel id.</summary>
[Alias("Hms.IHotelInvoicesGrain")]
public interface IHotelInvoicesGrain : IGrainWithStringKey
{
    /// <summary>The folio's invoice: issued with the next number, or the one already issued for it.</summary>
    [Alias("Issue")]
    Task<Invoice> Issue(InvoiceRequest request);
}
