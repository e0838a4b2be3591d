using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.Notifications;

namespace Hms.Hotels;

/// <summary>A hotel's staff as notification recipients (recipient id = user id) and its HOTEL_ADMINs as the people failing jobs are reported to.</summary>
public sealed class HotelStaffContacts(IGrainFactory grains) : IRecipientDirectory, ITenantAdmins
{
    public RecipientKind Kind => RecipientKind.User;

    public async Task<Contact?> FindAsync(string tenantId, string recipientId) =>
        (await grains.GetGrain<IHotelGrain>(tenantId).Find())?.Staff.FirstOrDefault(m => m.UserId == recipientId && m.IsActive) is { } member
            ? new Contact(recipientId, member.Phone, member.Email)
            : null;

    public Task<ImmutableArray<string>> OfUserAsync(string tenantId, string userId) => Task.FromResult<ImmutableArray<string>>([userId]);

    public async Task<IReadOnlyList<string>> AdminsAsync(string tenantId) =>
        (await grains.GetGrain<IHotelGrain>(tenantId).Find())?.ActiveIn(Roles.HotelAdmin).Select(m => m.UserId).ToList() ?? [];
}

/// <summary>Guests as notification recipients: the recipient id is their reservation's id; they read nothing in-app.</summary>
public sealed class GuestContacts(IGrainFactory grains) : IRecipientDirectory
{
    public RecipientKind Kind => ReservationNotices.Guest;

    public async Task<Contact?> FindAsync(string tenantId, string recipientId) =>
        Guid.TryParse(recipientId, out var id) && await grains.GetGrain<IReservationGrain>(id).Find() is { } r && r.HotelId == tenantId
            ? new Contact(null, r.Guest.Phone, r.Guest.Email)
            : null;

    public Task<ImmutableArray<string>> OfUserAsync(string tenantId, string userId) => Task.FromResult(ImmutableArray<string>.Empty);
}
