using System.Security.Cryptography.X509Certificates;
using Hms.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hms.Silo.Secrets;

/// <summary>
/// Data Protection for secrets in grain state. Keys live in PostgreSQL (every silo shares them) unless
/// <c>DataProtection:KeysDirectory</c> names a directory all silos mount; with
/// <c>DataProtection:CertificatePath</c> (a PFX, and <c>DataProtection:CertificatePassword</c>) the keys
/// themselves are stored encrypted with that certificate, so a copy of the database alone opens nothing.
/// </summary>
public static class SecretsSetup
{
    public const string Section = "DataProtection";

    public static IServiceCollection AddHmsSecrets(this IServiceCollection services, IConfiguration configuration, NpgsqlDataSource database)
    {
        var settings = configuration.GetSection(Section);
        var protection = services.AddDataProtection().SetApplicationName("hms-orleans");
        if (settings["KeysDirectory"] is { Length: > 0 } directory)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }
        else
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresKeyRepository(database)));
        }
        if (settings["CertificatePath"] is { Length: > 0 } path)
        {
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, settings["CertificatePassword"]));
        }
        services.AddSingleton<ISecretBox, DataProtectionSecretBox>();
        return services;
    }

    /// <summary>
    /// Makes sure the key ring has a key before a silo starts, one silo at a time (a PostgreSQL advisory
    /// lock): silos started together then load the same first key instead of each making its own, which
    /// the others would not know until their key ring's next refresh (up to a day). Later keys are made by
    /// Data Protection itself two days before they are used, so every silo has them by then.
    /// </summary>
    public static async Task EnsureKeyAsync(IConfiguration configuration, NpgsqlDataSource database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using var keys = new ServiceCollection().AddLogging().AddHmsSecrets(configuration, database).BuildServiceProvider();
            keys.GetRequiredService<IDataProtectionProvider>().CreateProtector("Hms.KeyRing").Protect([1]);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Any fixed 64-bit key works; this one spells "HMSKEYRG".
    private const long AdvisoryLockKey = 0x484D534B45595247;
}
