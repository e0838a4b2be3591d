using System.Net;
using System.Net.Sockets;

namespace Hms.Tests.Infrastructure;

public static class Ports
{
    /// <summary>A TCP port free right now on loopback.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
