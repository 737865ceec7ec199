using System.Net;
using System.Text;
using System.Text.Json;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>An OSCP message the CP holds unanswered until the test releases it.</summary>
public sealed class HeldOscpCall
{
    private readonly TaskCompletionSource<string> arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HttpStatusCode> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the request's path when a message reached this hold.</summary>
    public Task<string> Arrived => arrived.Task;

    /// <summary>Lets the held message be answered with <paramref name="status"/>.</summary>
    public void Release(HttpStatusCode status) => answer.TrySetResult(status);

    internal void Reached(string path) => arrived.TrySetResult(path);

    internal Task<HttpStatusCode> Answer(CancellationToken cancellationToken) => answer.Task.WaitAsync(cancellationToken);
}

/// <summary>
/// The CP behind the cluster's peer, scripted per site (the body's <c>group_id</c>): it issues a token to anyone, and
/// answers a site's OSCP message only when a test scripted a hold for that site; everything else meets "connection
/// refused", as the CP that listens nowhere did before (so the peer stays Offline and unscripted sends fail).
/// </summary>
public sealed class ScriptedCp
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<HeldOscpCall>> holds = new(StringComparer.Ordinal);
    private readonly List<(string GroupId, string Path)> received = [];

    /// <summary>Scripts a hold as the answer to <paramref name="groupId"/>'s next OSCP message.</summary>
    public HeldOscpCall Hold(string groupId)
    {
        var hold = new HeldOscpCall();
        lock (gate)
        {
            if (!holds.TryGetValue(groupId, out var queue)) holds[groupId] = queue = new Queue<HeldOscpCall>();
            queue.Enqueue(hold);
        }

        return hold;
    }

    /// <summary>The paths of every OSCP message about <paramref name="groupId"/> that reached the CP, answered or not, oldest first.</summary>
    public IReadOnlyList<string> Received(string groupId)
    {
        lock (gate) return [.. received.Where(r => r.GroupId == groupId).Select(r => r.Path)];
    }

    /// <summary>The handler for the OSCP client's and the token endpoint's HttpClients.</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    private async Task<HttpResponseMessage> ReceiveAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/token", StringComparison.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("""{"access_token":"token-of-the-scripted-cp","token_type":"Bearer","expires_in":3600}""", Encoding.UTF8, "application/json"),
            };
        }

        var groupId = request.Content is null ? null : GroupIdOf(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        HeldOscpCall? hold = null;
        lock (gate)
        {
            if (groupId is not null)
            {
                received.Add((groupId, path));
                if (holds.TryGetValue(groupId, out var queue)) queue.TryDequeue(out hold);
            }
        }

        if (hold is null) throw new HttpRequestException("connection refused (the scripted CP answers only scripted sites)");
        hold.Reached(path);
        return new HttpResponseMessage(await hold.Answer(cancellationToken)) { RequestMessage = request };
    }

    private static string? GroupIdOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("group_id", out var id)
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Handler(ScriptedCp cp) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            cp.ReceiveAsync(request, cancellationToken);
    }
}
