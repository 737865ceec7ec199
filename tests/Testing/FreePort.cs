using System.Net;
using System.Net.Sockets;

namespace OscpFleet.Testing;

/// <summary>Loopback TCP ports nobody listens on right now, for servers a test starts on a port known in advance.</summary>
/// <remarks>
/// Handed out from 20000–31999, below the kernel's ephemeral range (32768 and up on Linux): a port the OS hands out for
/// port 0 can be taken again by any outgoing connection (to Azurite, to a simulator) before the server binds it, which
/// made fixtures fail now and then with "address already in use". Ports below that range are only ever taken by a
/// bind; each is checked free when handed out, and none is handed out twice by this process.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int next = Random.Shared.Next(Count);

    /// <summary>A port free right now and not handed out before by this process.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref next) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }
        throw new InvalidOperationException($"no free loopback port in {First}-{First + Count - 1}");
    }
}
