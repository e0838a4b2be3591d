using System.Net;
using System.Net.Sockets;

namespace Hms.Tests.Infrastructure;

public static class Ports
{
    // Below the kernel's ephemeral range (32768-60999 on Linux): an outgoing connection (the many PostgreSQL
    // clients of a test run) never takes one of these ports between our check and the process binding it.
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A TCP port free right now on loopback, never handed out before in this test run (two silos started
    /// together once got the same port from the kernel's ephemeral range, and one failed to bind).
    /// </summary>
    public static int Free()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (Given.Contains(port) || !Bindable(port))
                {
                    continue;
                }
                Given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
