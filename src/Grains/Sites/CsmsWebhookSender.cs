using System.Diagnostics;
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
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock,
    SiteMetrics metrics)
{
    /// <summary>Name of the HttpClient.</summary>
    public const string HttpClientName = "csms-webhook";

    /// <summary>One attempt's result.</summary>
    public readonly record struct Result(bool Delivered, string? Error);

    /// <summary>
    /// Sends version <paramref name="version"/> of site <paramref name="groupId"/> as a <c>limit.webhook</c> span under
    /// the version's trace (<paramref name="versionTrace"/>, when the site still knows it), counting the attempt by endpoint.
    /// </summary>
    public async Task<Result> SendAsync(string endpointName, byte[] body, string groupId, long version, ActivityContext? versionTrace)
    {
        using var activity = LimitTracing.StartWebhook(versionTrace, groupId, version, endpointName);
        var result = await SendAsync(endpointName, body);
        if (activity is not null)
        {
            activity.SetTag("oscpfleet.webhook.outcome", result.Delivered ? "delivered" : "failed");
            if (!result.Delivered) activity.SetStatus(ActivityStatusCode.Error, result.Error);
        }
        return result;
    }

    /// <summary>Sends <paramref name="body"/> to the endpoint named <paramref name="endpointName"/>, counting the attempt.</summary>
    public async Task<Result> SendAsync(string endpointName, byte[] body, CancellationToken cancellationToken = default)
    {
        var (result, failure) = await AttemptAsync(endpointName, body, cancellationToken);
        metrics.WebhookAttempt(endpointName, failure);
        return result;
    }

    private async Task<(Result Result, string? Failure)> AttemptAsync(string endpointName, byte[] body, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Endpoints.TryGetValue(endpointName, out var endpoint) || endpoint.Url is null || endpoint.Secrets.Count == 0)
            return (new(false, $"CSMS endpoint '{endpointName}' is not configured (Csms:Endpoints:{endpointName})"), "not_configured");
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
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (new(true, null), null)
                : (new(false, $"HTTP {status}"), status is >= 400 and < 500 ? "http_4xx" : "http_5xx");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e is TaskCanceledException
                ? (new(false, "timeout"), "timeout")
                : (new(false, $"transport error ({e.GetType().Name})"), "transport");
        }
    }
}
