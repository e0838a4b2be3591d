using System.Collections.Immutable;
using Hms.Notifications;
using Hms.ReadModel;

namespace Hms.Patients;

[GenerateSerializer, Immutable, Alias("Hms.ReadModel.PatientRow")]
public sealed record class PatientRow(
    [property: Id(0)] PatientView Patient,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] long Version) : ReadModelRecord;

/// <summary>Patients as notification recipients: their phone and e-mail, and the user who reads for them.</summary>
public sealed class PatientContacts(IGrainFactory grains, IPatientReader patients) : IRecipientDirectory
{
    public RecipientKind Kind => RecipientKind.Patient;

    public async Task<Contact?> FindAsync(string tenantId, string recipientId) =>
        Guid.TryParse(recipientId, out var id) && await grains.GetGrain<IPatientGrain>(id).Find() is { } patient
            ? new Contact(patient.UserId, patient.Phone, patient.Email)
            : null;

    public async Task<ImmutableArray<string>> OfUserAsync(string tenantId, string userId) =>
        [.. (await patients.OfUserAsync(tenantId, userId)).Select(id => id.ToString())];
}
