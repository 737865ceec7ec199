using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Outbound;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// POSTs a limit document to a CSMS endpoint, signed with the endpoint's first secret and a fresh timestamp per attempt
/// (docs/protocol.md, "Limit versions"; format in docs/endpoints.md, "Limit webhook"). One attempt per call: the site
/// grain owns retries and back-off.
/// </summary>
public sealed class CsmsWebhookSender(
    IHttpClientFactory http,
    IOptionsMonitor<CsmsOptions> options,
    OutboundPacer pacer,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
{
    /// <summary>Name of the HttpClient.</summary>
    public const string HttpClientName = "csms-webhook";

    /// <summary>One attempt's result.</summary>
    public readonly record struct Result(bool Delivered, string? Error);

    /// <summary>Sends <paramref name="body"/> to the endpoint named <paramref name="endpointName"/>.</summary>
    public async Task<Result> SendAsync(string endpointName, byte[] body, CancellationToken cancellationToken = default)
    {
        if (!options.CurrentValue.Endpoints.TryGetValue(endpointName, out var endpoint) || endpoint.Url is null || endpoint.Secrets.Count == 0)
            return new(false, $"CSMS endpoint '{endpointName}' is not configured (Csms:Endpoints:{endpointName})");
        // Paced per endpoint (storm control); the signature's timestamp is taken once our turn comes.
        using var place = await pacer.EnterAsync("csms:" + endpointName, endpoint.MaxInFlight, cancellationToken);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(endpoint.Secrets[0], timestamp, body));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? new(true, null) : new(false, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new(false, e is TaskCanceledException ? "timeout" : $"transport error ({e.GetType().Name})");
        }
    }
}
