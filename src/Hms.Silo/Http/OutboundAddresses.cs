using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Hms.Silo.Http;

/// <summary>
/// Outbound:* — what every call to the outside (a tenant's KPI source, the SMS gateway) may reach.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// Comma-separated networks (CIDR, e.g. <c>10.20.0.0/16,127.0.0.1/32</c>) that calls may reach although
    /// they are internal: loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local
    /// and the like are refused otherwise. Empty: only public addresses.
    /// </summary>
    public string AllowedNetworks { get; set; } = "";

    /// <summary>How long opening a connection may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest answer read; a larger one fails the call.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    public IReadOnlyList<IPNetwork> Networks =>
    [
        .. AllowedNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n =>
            IPNetwork.TryParse(n, out var network) ? network
                : throw new InvalidOperationException($"Outbound:AllowedNetworks has '{n}', which is not a network in CIDR form (e.g. 10.0.0.0/8).")),
    ];
}

/// <summary>A call refused because every address its host resolves to is internal and not allowed.</summary>
public sealed class OutboundAddressRefusedException(string host)
    : IOException($"{host} resolves only to addresses outbound calls may not reach (Outbound:AllowedNetworks).");

/// <summary>
/// Decides, at connect time, which addresses a call may reach: the address actually dialled is the one
/// checked, so a host name that resolves to an internal address (or is re-pointed to one later) is
/// refused like the address itself.
/// </summary>
public sealed class OutboundAddresses(IOptions<OutboundOptions> options)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options.Value.Networks;

    public bool Allows(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return !IsInternal(address) || _allowed.Any(n => n.Contains(address));
    }

    /// <summary>Opens the connection of one request to the first allowed address of its host.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(Allows).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundAddressRefusedException(host);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static readonly IPNetwork[] Internal =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this" network
        IPNetwork.Parse("10.0.0.0/8"), // private
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"), // loopback
        IPNetwork.Parse("169.254.0.0/16"), // link-local, cloud metadata (169.254.169.254)
        IPNetwork.Parse("172.16.0.0/12"), // private
        IPNetwork.Parse("192.0.0.0/24"), // protocol assignments
        IPNetwork.Parse("192.168.0.0/16"), // private
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking
        IPNetwork.Parse("224.0.0.0/3"), // multicast, reserved, broadcast
        IPNetwork.Parse("::/127"), // unspecified, loopback
        IPNetwork.Parse("fc00::/7"), // unique-local
        IPNetwork.Parse("fe80::/10"), // link-local
        IPNetwork.Parse("ff00::/8"), // multicast
        IPNetwork.Parse("64:ff9b::/96"), // NAT64 of any IPv4 address: may wrap an internal one
    ];

    public static bool IsInternal(IPAddress address) => Internal.Any(n => n.Contains(address));
}
