using System.Security.Cryptography;
using System.Text;
using Hms.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Hms.Silo.Secrets;

/// <summary>Seals with the cluster's shared Data Protection key ring (<see cref="SecretsSetup"/>).</summary>
public sealed class DataProtectionSecretBox(IDataProtectionProvider provider) : ISecretBox
{
    private readonly IDataProtector _protector = provider.CreateProtector("Hms.GrainState.Secrets.v1");

    public string Seal(string secret) => ISecretBox.IsSealed(secret) ? secret : ISecretBox.Prefix + _protector.Protect(secret);

    public bool Holds(string value, string secret)
    {
        try
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Open(value)), Encoding.UTF8.GetBytes(secret));
        }
        catch (SecretUnreadableException)
        {
            return false;
        }
    }

    public string Open(string value)
    {
        if (!ISecretBox.IsSealed(value))
        {
            return value;
        }
        try
        {
            return _protector.Unprotect(value[ISecretBox.Prefix.Length..]);
        }
        catch (CryptographicException ex)
        {
            throw new SecretUnreadableException(ex);
        }
    }
}

/// <summary>A sealed secret whose key is not in the key ring (keys lost, or another installation's).</summary>
public sealed class SecretUnreadableException(Exception inner)
    : Exception("A stored secret cannot be opened: its Data Protection key is not in this cluster's key ring.", inner);
