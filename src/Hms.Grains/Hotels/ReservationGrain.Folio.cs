using Hms.Common;
using Hms.Jobs;
using Hms.ReadModel;

namespace Hms.Hotels;

/// <summary>
/// A reservation's folio: charges and payments while OPEN; at check-out it completes and is invoiced
/// once by the hotel's numbering (<see cref="IHotelInvoicesGrain"/>) — at once through the outbox, or by
/// the generate-invoices job when that could not happen.
/// </summary>
public sealed partial class ReservationGrain
{
    public Task<FolioView> Folio(Caller caller)
    {
        Visible(caller);
        return Task.FromResult(State.Folio!);
    }

    public async Task<FolioView> PostCharge(PostCharge command, Caller caller)
    {
        if (command.Kind is ChargeKind.NO_SHOW_FEE or ChargeKind.NO_SHOW_FEE_REVERSAL)
        {
            throw Errors.BadRequest("invalid_charge_kind", "No-show fees and their reversals are posted by the hotel's rules only.");
        }
        var (current, folio) = OpenFolio(caller);
        folio = folio with { Charges = folio.Charges.Add(new FolioCharge(Guid.NewGuid(), command.Kind, command.Description, command.Amount, Now, caller.UserId)) };
        await SaveChangeAsync(current, folio, [], []);
        return folio;
    }

    public async Task<FolioView> PostPayment(PostPayment command, Caller caller)
    {
        var (current, folio) = OpenFolio(caller);
        folio = folio with { Payments = folio.Payments.Add(new FolioPayment(Guid.NewGuid(), command.Method, command.Amount, command.Reference, Now, caller.UserId)) };
        await SaveChangeAsync(current, folio, [], []);
        return folio;
    }

    public async Task<Invoice?> EnsureInvoiced(string hotelId, RunSource source)
    {
        if (State.Reservation is not { } current)
        {
            // The read model names a folio this grain never held: the job reports it rather than skip it silently.
            throw Errors.NotFound("reservation_not_found", $"The read model names reservation {Id}, which does not exist.");
        }
        if (current.HotelId != hotelId || State.Folio is not { Status: FolioStatus.COMPLETED, InvoiceId: null } folio)
        {
            return null;
        }
        var invoice = await GrainFactory.GetGrain<IHotelInvoicesGrain>(hotelId).Issue(InvoiceOf(current, folio));
        await Invoiced(invoice);
        return invoice;
    }

    public async Task Invoiced(Invoice invoice)
    {
        if (State.Folio is not { } folio || folio.Id != invoice.FolioId || folio.InvoiceId == invoice.Id)
        {
            return;
        }
        await SaveChangeAsync(State.Reservation!, folio with { InvoiceId = invoice.Id, InvoiceNumber = invoice.Number }, [], []);
    }

    /// <summary>
    /// The invoice is asked for here, not by a plain effect: the number comes back to this grain, which
    /// records it in a turn of its own (a call to itself, queued behind this one). Should that call be
    /// lost, the numbering still remembers the folio and the generate-invoices job records it.
    /// </summary>
    protected override async Task ApplyEffectAsync(Effect effect)
    {
        if (effect is not InvoiceFolio invoiceFolio)
        {
            await base.ApplyEffectAsync(effect);
            return;
        }
        var invoice = await GrainFactory.GetGrain<IHotelInvoicesGrain>(invoiceFolio.HotelId).Issue(invoiceFolio.Request);
        GrainFactory.GetGrain<IReservationGrain>(Id).Invoiced(invoice).Ignore();
    }

    private static InvoiceRequest InvoiceOf(ReservationView r, FolioView folio) => new(folio.Id, r.Guest.Name, folio.Total, folio.Paid, folio.Currency);

    private (ReservationView Reservation, FolioView Folio) OpenFolio(Caller caller)
    {
        var current = Visible(caller);
        if (State.Folio is not { Status: FolioStatus.OPEN } folio || current.Status == ReservationStatus.CANCELLED)
        {
            throw Errors.Conflict("folio_closed", "Charges and payments are posted to an open folio of a reservation that is not cancelled.");
        }
        return (current, folio);
    }
}
