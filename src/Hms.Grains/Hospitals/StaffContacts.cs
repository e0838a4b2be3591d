using System.Collections.Immutable;
using Hms.Common;
using Hms.Jobs;
using Hms.Notifications;

namespace Hms.Hospitals;

/// <summary>
/// A hospital's staff as notification recipients (recipient id = user id; addresses while active) and
/// its active HOSPITAL_ADMINs as the people failing jobs are reported to.
/// </summary>
public sealed class StaffContacts(IGrainFactory grains) : IRecipientDirectory, ITenantAdmins
{
    public RecipientKind Kind => RecipientKind.User;

    public async Task<Contact?> FindAsync(string tenantId, string recipientId)
    {
        if (await grains.GetGrain<IHospitalGrain>(tenantId).Find() is not { } hospital)
        {
            return null;
        }
        var member = hospital.Staff.FirstOrDefault(m => m.UserId == recipientId && m.IsActive);
        return new Contact(recipientId, member?.Phone, member?.Email);
    }

    public Task<ImmutableArray<string>> OfUserAsync(string tenantId, string userId) => Task.FromResult<ImmutableArray<string>>([userId]);

    public async Task<IReadOnlyList<string>> AdminsAsync(string tenantId) =>
        (await grains.GetGrain<IHospitalGrain>(tenantId).Find())?.Staff
            .Where(m => m.IsActive && m.Roles.Contains(Roles.HospitalAdmin)).Select(m => m.UserId).ToList() ?? [];
}
