using System.Globalization;
using System.Net;
using System.Threading.Channels;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>One limit webhook as the CSMS received it.</summary>
/// <param name="Document">The body.</param>
/// <param name="SignedAt">The webhook's timestamp header (Unix seconds of the product clock when the site sent it).</param>
public sealed record ReceivedWebhook(LimitDocument Document, long SignedAt)
{
    /// <summary>The version the body carries.</summary>
    public long Version => Document.Version;
}

/// <summary>A webhook the CSMS holds unanswered until the test releases it.</summary>
public sealed class HeldWebhook
{
    private readonly TaskCompletionSource<ReceivedWebhook> arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HttpStatusCode> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a webhook reached this hold.</summary>
    public Task<ReceivedWebhook> Arrived => arrived.Task;

    /// <summary>True until <see cref="Release"/>.</summary>
    public bool Holding => !answer.Task.IsCompleted;

    /// <summary>True once the site gave up waiting for the answer (its HTTP timeout cancelled the request).</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Lets the held webhook be answered with <paramref name="status"/>.</summary>
    public void Release(HttpStatusCode status) => answer.TrySetResult(status);

    internal void Reached(ReceivedWebhook webhook) => arrived.TrySetResult(webhook);

    internal async Task<HttpStatusCode> Answer(CancellationToken cancellationToken)
    {
        try
        {
            return await answer.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Abandoned = true;
            throw;
        }
    }
}

/// <summary>
/// The CSMS behind every site's webhook endpoint, scripted per site (the body's group id): records each webhook and
/// answers the next scripted reply (a status code, or a hold the test releases); 204 once the script is used up.
/// </summary>
public sealed class ScriptedCsms
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Site> sites = new(StringComparer.Ordinal);

    /// <summary>Scripts the next answers for <paramref name="groupId"/>'s webhooks, in order.</summary>
    public void Answer(string groupId, params HttpStatusCode[] statuses)
    {
        lock (gate)
        {
            foreach (var status in statuses) SiteOf(groupId).Script.Enqueue(new Reply(status, null));
        }
    }

    /// <summary>Scripts a hold as the next answer for <paramref name="groupId"/>'s webhooks.</summary>
    public HeldWebhook Hold(string groupId)
    {
        var hold = new HeldWebhook();
        lock (gate) SiteOf(groupId).Script.Enqueue(new Reply(HttpStatusCode.NoContent, hold));
        return hold;
    }

    /// <summary>Every webhook received for <paramref name="groupId"/> so far, oldest first.</summary>
    public IReadOnlyList<ReceivedWebhook> Received(string groupId)
    {
        lock (gate) return [.. SiteOf(groupId).Received];
    }

    /// <summary>The next webhook for <paramref name="groupId"/> not yet taken by this method (in arrival order).</summary>
    public Task<ReceivedWebhook> NextAsync(string groupId, TimeSpan timeout)
    {
        ChannelReader<ReceivedWebhook> arrivals;
        lock (gate) arrivals = SiteOf(groupId).Arrivals.Reader;
        return ChannelWait.NextAsync(arrivals, timeout,
            () => $"no webhook for {groupId} (received so far: {string.Join(", ", Received(groupId).Select(w => w.Version))})");
    }

    /// <summary>Takes webhooks for <paramref name="groupId"/> until one carries <paramref name="version"/>; returns it.</summary>
    public async Task<ReceivedWebhook> NextWithVersionAsync(string groupId, long version, TimeSpan timeout)
    {
        while (true)
        {
            var webhook = await NextAsync(groupId, timeout);
            if (webhook.Version == version) return webhook;
        }
    }

    /// <summary>The handler for the webhook HttpClient.</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    private async Task<HttpResponseMessage> ReceiveAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var document = LimitDocumentJson.Deserialize(body);
        var signedAt = long.Parse(request.Headers.GetValues(WebhookSignature.TimestampHeader).Single(), CultureInfo.InvariantCulture);
        var webhook = new ReceivedWebhook(document, signedAt);
        Reply reply;
        Site site;
        lock (gate)
        {
            site = SiteOf(document.GroupId);
            site.Received.Add(webhook);
            reply = site.Script.TryDequeue(out var scripted) ? scripted : new Reply(HttpStatusCode.NoContent, null);
        }
        site.Arrivals.Writer.TryWrite(webhook);
        var status = reply.Status;
        if (reply.Hold is { } hold)
        {
            hold.Reached(webhook);
            status = await hold.Answer(cancellationToken);
        }
        return new HttpResponseMessage(status) { RequestMessage = request };
    }

    private Site SiteOf(string groupId)
    {
        if (!sites.TryGetValue(groupId, out var site)) sites[groupId] = site = new Site();
        return site;
    }

    private sealed record Reply(HttpStatusCode Status, HeldWebhook? Hold);

    private sealed class Site
    {
        public Queue<Reply> Script { get; } = new();

        public List<ReceivedWebhook> Received { get; } = [];

        public Channel<ReceivedWebhook> Arrivals { get; } = Channel.CreateUnbounded<ReceivedWebhook>();
    }

    private sealed class Handler(ScriptedCsms csms) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            csms.ReceiveAsync(request, cancellationToken);
    }
}
