using System.Security.Cryptography.X509Certificates;

namespace Hms.Common;

/// <summary>
/// Mutual TLS for the cluster's own traffic — silo to silo, and the API to the silos' gateways — when
/// the operator sets <c>Cluster:Tls:CertificatePath</c>: each process shows its certificate (a PFX with its
/// private key) and accepts a peer only when the peer's certificate chains to the cluster's authority
/// (<c>Cluster:Tls:AuthorityPath</c>, PEM or DER), whatever name or address it is reached by. Anything
/// that reaches the ports without such a certificate cannot call a grain. Read by both hosts
/// (src/Hms.Silo/Hosting/OrleansSiloSetup.cs, src/Hms.Api/Hosting/OrleansClientSetup.cs).
/// </summary>
public sealed class ClusterTls
{
    public const string Section = "Cluster:Tls";

    private readonly X509Certificate2Collection _authority;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        Certificate = certificate;
        _authority = authority;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The settings' TLS, or null when <c>CertificatePath</c> is not set (clear text, for one host or a private network).</summary>
    public static ClusterTls? From(string? certificatePath, string? password, string? authorityPath)
    {
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(authorityPath))
        {
            throw new InvalidOperationException("Cluster:Tls:CertificatePath is set but Cluster:Tls:AuthorityPath is not: name the certificate "
                + "(PEM or DER) that signs every silo's and the API's certificate.");
        }
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{certificatePath} holds no private key: the cluster's TLS needs this process's own certificate as a PFX.");
        }
        return new ClusterTls(certificate, [X509CertificateLoader.LoadCertificateFromFile(authorityPath)]);
    }

    /// <summary>Whether a peer's certificate is one the cluster's authority signed (and is in its validity period).</summary>
    public bool Trusts(X509Certificate2 peer)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}
