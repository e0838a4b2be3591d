using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hms.Common;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Hms.Tests.Durability;

/// <summary>
/// The cluster's own traffic over mutual TLS (src/Hms.Grains.Interfaces/Common/ClusterTls.cs): two silo
/// processes and the API process, each with a certificate the test's own authority signed, serve a
/// booking end to end and call across silos; a client with a certificate from anyone else, or with no
/// TLS, cannot reach a grain; and the silo and gateway ports listen only on the address they are given.
/// </summary>
[Trait("Category", "Durability")]
public sealed class ClusterTlsTests : IDisposable
{
    private const string Password = "test-pfx-password";
    private readonly string _directory = Directory.CreateTempSubdirectory("hms-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TwoSilosAndTheApiTalkOverMutualTlsAndNothingElseGetsIn()
    {
        var authority = Authority("CN=HMS test cluster authority");
        var authorityPath = Path.Combine(_directory, "authority.crt");
        await File.WriteAllTextAsync(authorityPath, authority.ExportCertificatePem());
        string Issue(string name) => Save(name, Leaf(name, authority));

        await using var deployment = await PostgresDeployment.CreateAsync();
        var silos = new[] { "silo-a", "silo-b" }.Select(name => deployment.StartSilo(extra: new Dictionary<string, string>
        {
            ["Cluster__AdvertisedIP"] = "127.0.0.2",
            ["Cluster__ListenIP"] = "127.0.0.2",
            ["Cluster__Tls__CertificatePath"] = Issue(name),
            ["Cluster__Tls__CertificatePassword"] = Password,
            ["Cluster__Tls__AuthorityPath"] = authorityPath,
        })).ToList();
        await Task.WhenAll(silos.Select(s => s.WaitReadyAsync()));
        await using var api = SiloProcess.StartApi(new Dictionary<string, string>
        {
            ["ConnectionStrings__Hms"] = deployment.ConnectionString,
            ["Cluster__GatewayListRefreshPeriod"] = "00:00:02",
            ["Cluster__Tls__CertificatePath"] = Issue("api"),
            ["Cluster__Tls__CertificatePassword"] = Password,
            ["Cluster__Tls__AuthorityPath"] = authorityPath,
            ["Auth__SigningKey"] = Tokens.SigningKey,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await api.WaitReadyAsync();

        // The API books through the silos' gateways.
        var flow = await ApiFlow.CreateAsync((tenant, roles) => Http(api, tenant, roles), "Europe/Berlin", 15);
        var date = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
        await flow.BookAsync(await flow.AddPatientAsync(), flow.DoctorId, date, new TimeOnly(10, 0));

        // A client the authority signed for sees both silos, and a call that fans out to each silo crosses between them.
        await using (var member = await ClientAsync(deployment.ConnectionString, Issue("operator-tool"), authorityPath))
        {
            var management = member.Client.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            var statistics = await management.GetRuntimeStatistics([.. hosts.Keys]);
            Assert.Equal(2, statistics.Length);
        }

        // A certificate the cluster's authority did not sign, or no TLS at all: no grain answers.
        var stranger = Authority("CN=Someone else");
        var rogue = Save("rogue", Leaf("rogue", stranger));
        await Assert.ThrowsAnyAsync<Exception>(() => ClientAsync(deployment.ConnectionString, rogue, authorityPath, patience: 10));
        await Assert.ThrowsAnyAsync<Exception>(() => ClientAsync(deployment.ConnectionString, certificatePath: null, authorityPath: null, patience: 10));

        // The gateway listens on the address it was given, not on every one.
        using var elsewhere = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => elsewhere.ConnectAsync(IPAddress.Loopback, silos[0].GatewayPort));
        using var given = new TcpClient();
        await given.ConnectAsync(IPAddress.Parse("127.0.0.2"), silos[0].GatewayPort);
    }

    private static HttpClient Http(SiloProcess api, string tenant, string[] roles)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api.HttpPort}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(tenant, roles));
        return http;
    }

    /// <summary>
    /// An Orleans client of the deployment; with a certificate, over TLS as the API connects. It may take
    /// <paramref name="patience"/> seconds to connect and answer (a refused one keeps retrying until then).
    /// </summary>
    private static async Task<Member> ClientAsync(string connectionString, string? certificatePath, string? authorityPath, int patience = 30)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("hms", "hms"));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString));
            if (ClusterTls.From(certificatePath, Password, authorityPath) is { } tls)
            {
                client.UseTls(tls.Certificate, o =>
                {
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = (peer, _, _) => tls.Trusts(peer);
                });
            }
        });
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(patience));
            await host.StartAsync(timeout.Token);
            var member = new Member(host);
            await member.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
            return member;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private sealed record Member(IHost Host) : IAsyncDisposable
    {
        public IClusterClient Client => Host.Services.GetRequiredService<IClusterClient>();

        public async ValueTask DisposeAsync()
        {
            await Host.StopAsync();
            Host.Dispose();
        }
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A certificate for one process, signed by <paramref name="authority"/>, good as TLS server and client alike.</summary>
    private static X509Certificate2 Leaf(string name, X509Certificate2 authority)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30),
            RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    private string Save(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
