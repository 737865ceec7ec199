using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace OscpFleet.Oscp.Tests.Client;

/// <summary>
/// The primary handler under the real pipelines built by AddOscpClient: records every request that reaches the
/// wire and answers from a script per URL (default 204). Shared by the OSCP and the token HttpClient.
/// </summary>
internal sealed class ScriptedNetwork : HttpMessageHandler
{
    public delegate Task<HttpResponseMessage> Responder(RecordedRequest request, int index, CancellationToken cancellationToken);

    private readonly ConcurrentDictionary<string, Responder> _routes = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public IReadOnlyList<RecordedRequest> To(string url) => _requests.Where(r => r.Url == url).ToArray();

    public void Route(string url, Responder responder) => _routes[url] = responder;

    /// <summary>The i-th request to <paramref name="url"/> gets the i-th answer; the last one repeats.</summary>
    public void Answer(string url, params Func<HttpResponseMessage>[] answers) =>
        Route(url, (_, index, _) => Task.FromResult(answers[Math.Min(index, answers.Length - 1)]()));

    public void Answer(string url, params HttpStatusCode[] statuses) =>
        Answer(url, statuses.Select(s => (Func<HttpResponseMessage>)(() => Status(s))).ToArray());

    public static HttpResponseMessage Status(HttpStatusCode status, string? body = null) =>
        new(status) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Token(string accessToken, int? expiresIn = 3600)
    {
        var expiry = expiresIn is { } s ? $",\"expires_in\":{s}" : "";
        return Status(HttpStatusCode.OK, $"{{\"access_token\":\"{accessToken}\",\"token_type\":\"Bearer\"{expiry}}}");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.CaptureAsync(request, cancellationToken);
        _requests.Enqueue(recorded);
        var index = _counts.AddOrUpdate(recorded.Url, 0, static (_, n) => n + 1);
        var response = _routes.TryGetValue(recorded.Url, out var responder)
            ? await responder(recorded, index, cancellationToken)
            : new HttpResponseMessage(HttpStatusCode.NoContent);
        response.RequestMessage = request;
        return response;
    }

    // Both HttpClients share this instance and the test owns it; the factory's handler rotation must not dispose it.
    protected override void Dispose(bool disposing)
    {
    }
}
