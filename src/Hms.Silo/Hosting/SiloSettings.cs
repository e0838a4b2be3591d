using System.Net;

namespace Hms.Silo.Hosting;

/// <summary>Where grain state, reminders and membership live.</summary>
public enum StorageMode
{
    /// <summary>PostgreSQL for everything: durable, several silos share one database.</summary>
    Postgres,

    /// <summary>Localhost clustering, in-memory state and reminders: tests and demos only, nothing survives a restart.</summary>
    Memory,
}

/// <summary>The silo's own configuration, read once from the <c>Hms</c> and <c>Cluster</c> sections
/// (not <c>Orleans</c>: Orleans binds that section itself). <see cref="ListenIp"/> (<c>Cluster:ListenIP</c>) binds the
/// silo and gateway ports to one address; without it they listen on every address when one is advertised, on
/// loopback otherwise.</summary>
public sealed record SiloSettings(
    StorageMode Storage,
    string ConnectionString,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedIp,
    IPAddress? ListenIp,
    int? PrimarySiloPort,
    TimeSpan MinimumReminderPeriod,
    bool MigrateOnStart)
{
    public static SiloSettings From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Hms");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Hms is not set (environment variable ConnectionStrings__Hms). The read model always lives in PostgreSQL.");
        }
        var cluster = configuration.GetSection("Cluster");
        return new SiloSettings(
            configuration.GetValue("Hms:Storage", StorageMode.Postgres),
            connectionString,
            cluster["ClusterId"] ?? "hms",
            cluster["ServiceId"] ?? "hms",
            cluster.GetValue("SiloPort", 11111),
            cluster.GetValue("GatewayPort", 30000),
            AdvertisedAddress(cluster),
            cluster["ListenIP"] is { Length: > 0 } listen ? IPAddress.Parse(listen) : null,
            cluster.GetValue<int?>("PrimarySiloPort"),
            cluster.GetValue("MinimumReminderPeriod", TimeSpan.FromMinutes(1)),
            configuration.GetValue("Hms:MigrateOnStart", true));
    }

    /// <summary>
    /// The address other silos and clients reach this silo at: <c>Cluster:AdvertisedIP</c>, or the
    /// first IPv4 address of <c>Cluster:AdvertisedHost</c> (containers), else loopback (one host).
    /// </summary>
    private static IPAddress? AdvertisedAddress(IConfigurationSection cluster)
    {
        if (cluster["AdvertisedIP"] is { Length: > 0 } ip)
        {
            return IPAddress.Parse(ip);
        }
        if (cluster["AdvertisedHost"] is { Length: > 0 } host)
        {
            return Dns.GetHostAddresses(host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        }
        return null;
    }
}
