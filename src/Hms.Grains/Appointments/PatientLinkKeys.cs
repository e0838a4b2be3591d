using System.Security.Cryptography;
using Hms.Common;
using Microsoft.Extensions.Options;

namespace Hms.Appointments;

/// <summary>Where reminder links point: <c>PatientLinks__BaseUrl</c>, the API's address as patients reach it.</summary>
public sealed class PatientLinkOptions
{
    public const string Section = "PatientLinks";

    public string BaseUrl { get; set; } = "http://localhost:8080";

    public string Url(string token) => $"{BaseUrl.TrimEnd('/')}/api/v1/appointment-links/{token}";
}

[GenerateSerializer, Alias("Hms.PatientLinkKeyState")]
public sealed record class PatientLinkKeyState
{
    /// <summary>32 random bytes, base64, sealed with the cluster's data-protection keys (<see cref="ISecretBox"/>).</summary>
    [Id(0)] public string? SealedKey { get; init; }
}

/// <summary>
/// The one place the link key is made: a single grain, so silos starting together still agree on one key.
/// It is stored sealed, so the grain table alone does not let anyone forge a link.
/// </summary>
public sealed class PatientLinkKeyGrain(
    [PersistentState("patientLinkKey", StoreNames.Hms)] IPersistentState<PatientLinkKeyState> state,
    ISecretBox secrets) : Grain, IPatientLinkKeyGrain
{
    public async Task<string> SealedKey()
    {
        if (state.State.SealedKey is null)
        {
            state.State = new PatientLinkKeyState { SealedKey = secrets.Seal(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))) };
            await state.WriteStateAsync();
        }
        return state.State.SealedKey!;
    }
}

/// <summary>Signs and reads reminder links on a silo, with the cluster's key (fetched once and kept; fetched again after a failure).</summary>
public sealed class PatientLinkSigner(IGrainFactory grains, ISecretBox secrets, IOptions<PatientLinkOptions> options)
{
    private Task<byte[]>? _key;

    public async Task<string> UrlAsync(PatientLink link) => options.Value.Url(PatientLinks.Token(link, await KeyAsync()));

    public async Task<PatientLink?> ReadAsync(string token) => PatientLinks.Read(token, await KeyAsync());

    private Task<byte[]> KeyAsync()
    {
        var key = _key;
        if (key is null || key.IsFaulted || key.IsCanceled)
        {
            _key = key = FetchAsync();
        }
        return key;
    }

    private async Task<byte[]> FetchAsync() =>
        Convert.FromBase64String(secrets.Open(await grains.GetGrain<IPatientLinkKeyGrain>(0).SealedKey()));
}
