using System.Net;
using System.Net.Sockets;

namespace OscpFleet.Testing;

/// <summary>Loopback TCP ports nobody listens on right now.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out and released.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
