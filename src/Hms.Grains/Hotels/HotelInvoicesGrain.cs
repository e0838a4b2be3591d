using System.Collections.Immutable;
using Hms.Common;
using Hms.ReadModel;
using Microsoft.Extensions.Logging;

namespace Hms.Hotels;

[GenerateSerializer, Alias("Hms.HotelInvoicesState")]
public sealed record class HotelInvoicesState : IOutboxState<HotelInvoicesState>
{
    /// <summary>The year (in the hotel's zone) of the last number issued, and that number's sequence.</summary>
    [Id(0)] public int Year { get; init; }
    [Id(1)] public int Sequence { get; init; }

    /// <summary>The latest invoices issued, oldest first: a folio asked again while its row may not be stored yet gets the same one.</summary>
    [Id(2)] public ImmutableList<Invoice> Recent { get; init; } = [];

    [Id(3)] public Outbox Outbox { get; init; } = Outbox.Empty;

    public HotelInvoicesState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.InvoiceRow")]
public sealed record class InvoiceRow([property: Id(0)] Invoice Invoice) : ReadModelRecord;

/// <summary>
/// A hotel's invoice numbering (<see cref="IHotelInvoicesGrain"/>): INV-{year}-{sequence:000000}, the
/// sequence restarting each year in the hotel's zone. A number exists only once the grain's state with
/// it is written, so none is skipped; a folio already invoiced gets its invoice back (from the recent
/// ones, or from the read model for older ones), so none is invoiced twice.
/// </summary>
public sealed class HotelInvoicesGrain(
    [PersistentState("hotelInvoices", StoreNames.Hms)] IPersistentState<HotelInvoicesState> state,
    IHotelReader reader,
    GrainServices services,
    ILogger<HotelInvoicesGrain> logger) : OutboxGrain<HotelInvoicesState>(state, services, logger), IHotelInvoicesGrain
{
    private const int RecentKept = 1_000;

    private string HotelId => this.GetPrimaryKeyString();

    public async Task<Invoice> Issue(InvoiceRequest request)
    {
        if (State.Recent.FirstOrDefault(i => i.FolioId == request.FolioId) is { } recent)
        {
            return recent;
        }
        if (await reader.InvoiceOfFolioAsync(HotelId, request.FolioId) is { } stored)
        {
            return stored;
        }
        var hotel = await GrainFactory.GetGrain<IHotelGrain>(HotelId).Find() ?? throw Errors.NotFound("hotel_not_found", "The hotel is not registered.");
        var year = ZonedTime.Today(Now, HotelRules.Zone(hotel)).Year;
        var sequence = (State.Year == year ? State.Sequence : 0) + 1;
        var invoice = new Invoice(Guid.NewGuid(), HotelId, $"INV-{year}-{sequence:D6}", request.FolioId, request.GuestName, request.Total, request.Paid,
            request.Currency, Now);
        var kept = State.Recent.Add(invoice);
        await SaveAsync(State with { Year = year, Sequence = sequence, Recent = kept.Count > RecentKept ? kept.RemoveAt(0) : kept }, new InvoiceRow(invoice));
        return invoice;
    }
}
