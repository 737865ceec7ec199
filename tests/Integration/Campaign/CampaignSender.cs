using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// Sends <see cref="HostileRequest"/>s to the gateway exactly as built (headers unvalidated, any bytes as the body).
/// Token requests leave from their own loopback source address (127.1.x.y, a fresh one every
/// <see cref="TokenRequestsPerAddress"/> requests): the token endpoint is rate-limited per client address, and the
/// campaign wants its reader to run, not the limiter.
/// </summary>
internal sealed class CampaignSender(Uri gateway) : IDisposable
{
    public const int TokenRequestsPerAddress = 40;

    private readonly HttpClient http = Create(null);
    private readonly ConcurrentDictionary<int, HttpClient> bySource = new();
    private int tokenRequests;

    public async Task<HttpResponseMessage> SendAsync(HostileRequest hostile)
    {
        using var message = new HttpRequestMessage(new HttpMethod(hostile.Method), new Uri(gateway, hostile.PathAndQuery));
        message.Headers.Authorization = hostile.Authorization;
        foreach (var (name, value) in hostile.Headers) message.Headers.TryAddWithoutValidation(name, Clean(value));
        if (hostile.Body is not null)
        {
            message.Content = new ByteArrayContent(hostile.Body);
            message.Content.Headers.ContentType = null;
            if (hostile.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", Clean(hostile.ContentType));
        }
        var client = hostile.IsTokenRequest
            ? bySource.GetOrAdd(Interlocked.Increment(ref tokenRequests) / TokenRequestsPerAddress, n => Create(n))
            : http;
        return await client.SendAsync(message);
    }

    public void Dispose()
    {
        http.Dispose();
        foreach (var client in bySource.Values) client.Dispose();
    }

    // HTTP cannot carry control characters in a header at all; everything else goes as UTF-8 bytes.
    private static string Clean(string value) => new(value.Where(c => c >= ' ' && c != '\u007f').ToArray());

    private static HttpClient Create(int? source)
    {
        var handler = new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        if (source is { } n)
        {
            var address = new IPAddress([127, 1, (byte)(n / 250), (byte)((n % 250) + 1)]);
            handler.ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(address, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
