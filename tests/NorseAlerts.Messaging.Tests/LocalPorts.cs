using System.Net;
using System.Net.Sockets;

namespace NorseAlerts.Messaging.Tests;

internal static class LocalPorts
{
    /// <summary>A loopback port nothing listens on right now (the OS picked it and it was released).</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
