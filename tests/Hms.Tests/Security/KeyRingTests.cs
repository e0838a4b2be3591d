using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hms.Common;
using Hms.Silo.Database;
using Hms.Silo.Secrets;
using Hms.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hms.Tests.Security;

/// <summary>
/// Secrets in grain state are sealed with a Data Protection key ring that every silo shares through
/// PostgreSQL (src/Hms.Silo/Secrets/SecretsSetup.cs): silos starting together make one key, what one
/// silo seals another opens, and with the operator's certificate the keys themselves are stored encrypted.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("keys");
        _database = NpgsqlDataSource.Create(_connectionString);
        await new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task SilosStartingTogetherShareOneKeyInPostgreSqlAndOpenWhatTheOtherSealed()
    {
        var silos = Enumerable.Range(0, 3).Select(_ => Silo([])).ToList();
        await Task.WhenAll(silos.Select(s => Task.Run(() => StartAsync(s, new ConfigurationBuilder().Build()))));

        var sealedToken = silos[0].GetRequiredService<ISecretBox>().Seal("Bearer cube-secret-42");
        Assert.StartsWith(ISecretBox.Prefix, sealedToken);
        Assert.DoesNotContain("cube-secret-42", sealedToken);
        Assert.NotEqual(sealedToken, silos[0].GetRequiredService<ISecretBox>().Seal("Bearer cube-secret-42")); // no two seals alike
        Assert.Equal("Bearer cube-secret-42", silos[2].GetRequiredService<ISecretBox>().Open(sealedToken));
        Assert.Equal(1, await TestPostgres.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM data_protection_keys"));

        // A value stored in clear by an earlier version opens as it is; one sealed by another key ring does not open at all.
        Assert.Equal("legacy-token", silos[1].GetRequiredService<ISecretBox>().Open("legacy-token"));
        await using var stranger = await StartedOnAnotherDatabaseAsync();
        Assert.Throws<SecretUnreadableException>(() => stranger.Provider.GetRequiredService<ISecretBox>().Open(sealedToken));
        Assert.False(stranger.Provider.GetRequiredService<ISecretBox>().Holds(sealedToken, "Bearer cube-secret-42"));
    }

    [Fact]
    public async Task WithTheOperatorsCertificateTheKeysAreStoredEncrypted()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"hms-keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=hms-data-protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }
        try
        {
            var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "pfx-password" };
            var silo = Silo(settings);
            await StartAsync(silo, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            var box = silo.GetRequiredService<ISecretBox>();
            Assert.Equal("Bearer t", box.Open(box.Seal("Bearer t")));

            var xml = await TestPostgres.ScalarAsync<string>(_connectionString, "SELECT xml FROM data_protection_keys");
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml); // the key material is not in clear
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private ServiceProvider Silo(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddHmsSecrets(configuration, _database).BuildServiceProvider();
    }

    /// <summary>What a silo does at start (src/Hms.Silo/Hosting/SiloApp.cs): the first key under the lock, then its hosted services, Data Protection's among them.</summary>
    private async Task StartAsync(IServiceProvider silo, IConfiguration configuration)
    {
        await SecretsSetup.EnsureKeyAsync(configuration, _database);
        await Task.WhenAll(silo.GetServices<IHostedService>().Select(s => s.StartAsync(CancellationToken.None)));
    }

    private static async Task<Stranger> StartedOnAnotherDatabaseAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("keys-other");
        var database = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var provider = new ServiceCollection().AddLogging().AddHmsSecrets(new ConfigurationBuilder().Build(), database).BuildServiceProvider();
        await SecretsSetup.EnsureKeyAsync(new ConfigurationBuilder().Build(), database);
        return new Stranger(provider, database, connectionString);
    }

    private sealed record Stranger(ServiceProvider Provider, NpgsqlDataSource Database, string ConnectionString) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Provider.DisposeAsync();
            await Database.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }
}
