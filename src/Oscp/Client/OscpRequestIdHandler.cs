namespace OscpFleet.Oscp.Client;

/// <summary>
/// Gives every HTTP attempt its own <c>X-Request-ID</c> (a new UUID). It sits inside the resilience handler,
/// so a retry of the same request message gets a fresh id; any earlier value is removed first, so exactly one
/// is ever sent whatever the header's casing. A caller that must recognise an answer referring to an attempt before
/// its own call returns (a handshake acknowledged before we read the 204) hears each id through
/// <see cref="AttemptObserver"/> before the attempt goes on the wire.
/// </summary>
internal sealed class OscpRequestIdHandler : DelegatingHandler
{
    /// <summary>Request option: called with each attempt's <c>X-Request-ID</c> before it is sent.</summary>
    public static readonly HttpRequestOptionsKey<Action<string>> AttemptObserver = new("oscp.attempt-observer");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString("D");
        request.Headers.Remove(OscpHeaders.RequestId);
        request.Headers.TryAddWithoutValidation(OscpHeaders.RequestId, requestId);
        if (request.Options.TryGetValue(AttemptObserver, out var observer)) observer(requestId);
        return base.SendAsync(request, cancellationToken);
    }
}
