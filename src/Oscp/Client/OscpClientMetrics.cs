using System.Diagnostics.Metrics;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// The client's counters on meter <see cref="OscpClientRegistration.MeterName"/>. One <c>oscp.client.requests</c>
/// per send (its final outcome); individual HTTP attempts are what the HTTP client instrumentation counts.
/// </summary>
internal sealed class OscpClientMetrics
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _tokenFetches;

    public OscpClientMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OscpClientRegistration.MeterName);
        _requests = meter.CreateCounter<long>(
            "oscp.client.requests", "{request}", "OSCP messages sent to peers, by peer, message and outcome");
        _tokenFetches = meter.CreateCounter<long>(
            "oscp.client.token_fetches", "{request}", "OAuth token requests to peers' token endpoints, by host and outcome");
    }

    public void Request(string peerId, OscpMessageKind kind, OscpSendOutcome outcome) =>
        _requests.Add(
            1,
            new KeyValuePair<string, object?>("peer", peerId),
            new KeyValuePair<string, object?>("message", kind.Path()),
            new KeyValuePair<string, object?>("outcome", Name(outcome)));

    public void TokenFetch(Uri tokenUrl, OscpSendOutcome? failure) =>
        _tokenFetches.Add(
            1,
            new KeyValuePair<string, object?>("host", tokenUrl.Host),
            new KeyValuePair<string, object?>("outcome", failure is { } f ? Name(f) : "success"));

    /// <summary>Tag value of an outcome (snake_case, as Prometheus labels usually are).</summary>
    public static string Name(OscpSendOutcome outcome) => outcome switch
    {
        OscpSendOutcome.Delivered => "delivered",
        OscpSendOutcome.NotConnected => "not_connected",
        OscpSendOutcome.Unauthorized => "unauthorized",
        OscpSendOutcome.Retryable => "retryable",
        OscpSendOutcome.Rejected => "rejected",
        _ => outcome.ToString(),
    };
}
